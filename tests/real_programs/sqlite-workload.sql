-- SQLite's shell on a fixed workload: its output and the database file it
-- leaves must be the same as the gcc build's on every ISA.
PRAGMA page_size = 4096;
PRAGMA journal_mode = DELETE;
.headers on
.mode list

CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL, qty INTEGER, tags TEXT);
CREATE INDEX item_name ON item(name);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO item(name, price, qty, tags)
SELECT printf('item-%05d', (i * 7919) % 5000), (i * 37 % 1000) / 7.0, i % 13,
       json_array(i % 3, 'k' || (i % 5), i * 0.25)
FROM n;

SELECT count(*), sum(qty), round(sum(price), 6), min(name), max(name) FROM item;
SELECT qty, count(*), printf('%.4f', avg(price)), printf('%e', max(price)) FROM item GROUP BY qty ORDER BY qty;
SELECT name, price FROM item WHERE name BETWEEN 'item-01000' AND 'item-01010' ORDER BY name;
SELECT json_extract(tags, '$[1]') AS k, count(*) FROM item GROUP BY k ORDER BY k;
SELECT printf('%.17g', sum(price * qty)), printf('%.3f', total(price) / 3.0) FROM item;
SELECT sqrt(2.0), pow(2, 0.5), exp(1), ln(10), sin(1), atan2(1, 2), ceil(-1.5), floor(2.5), pi();
SELECT 1e308 * 10, -1e308 * 10, 0.1 + 0.2, 1.0 / 3, 2.5e-310, 123456789012345678;
SELECT cast(3.999 AS INTEGER), cast('12abc' AS INTEGER), round(2.675, 2), 7 / 2, 7 % 3, -7 / 2;

CREATE TABLE sale(item_id INTEGER REFERENCES item(id), day INTEGER, amount REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO sale SELECT 1 + (i * 31) % 5000, i % 365, (i % 97) * 1.5 FROM n;
SELECT i.qty, count(s.rowid), round(sum(s.amount), 2)
FROM item i JOIN sale s ON s.item_id = i.id GROUP BY i.qty ORDER BY i.qty;
SELECT day, amount, sum(amount) OVER (ORDER BY day ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS running
FROM (SELECT day, sum(amount) AS amount FROM sale GROUP BY day) WHERE day < 10;
SELECT item_id, rank() OVER (ORDER BY total DESC) FROM
  (SELECT item_id, sum(amount) AS total FROM sale GROUP BY item_id) ORDER BY 2, 1 LIMIT 5;

UPDATE item SET price = price * 1.1 WHERE qty > 6;
DELETE FROM sale WHERE day % 7 = 0;
SELECT changes(), total_changes() > 0;

CREATE VIRTUAL TABLE doc USING fts4(body);
INSERT INTO doc(body) VALUES ('the quick brown fox'), ('jumps over the lazy dog'),
  ('a migratable binary moves between machines'), ('the fox and the dog');
SELECT rowid, body FROM doc WHERE doc MATCH 'fox' ORDER BY rowid;
SELECT rowid, snippet(doc) FROM doc WHERE doc MATCH 'dog' ORDER BY rowid;

CREATE VIRTUAL TABLE box USING rtree(id, x0, x1, y0, y1);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 199)
INSERT INTO box SELECT i, i % 20, i % 20 + 1.5, i / 20, i / 20 + 2.5 FROM n;
SELECT count(*) FROM box WHERE x0 < 5 AND x1 > 3 AND y0 < 4 AND y1 > 2;

BEGIN;
INSERT INTO item(name, price, qty) VALUES ('rolled-back', 1, 1);
ROLLBACK;
SELECT count(*) FROM item WHERE name = 'rolled-back';

SELECT upper('straße'), length('naïve'), hex('migcc'), quote(x'00ff'), substr('abcdef', -3, 2);
SELECT datetime(1700000000, 'unixepoch'), date('2024-02-28', '+1 day'), strftime('%j', '2024-12-31');
SELECT group_concat(name, ',') FROM (SELECT name FROM item ORDER BY id LIMIT 5);
PRAGMA integrity_check;
VACUUM;
PRAGMA page_count;
