-- A fixed SQL workload for `cargo xtask bench`: inserts, an index, joins,
-- aggregates, window functions, sorting and number formatting.
CREATE TABLE item(id INTEGER PRIMARY KEY, name TEXT, price REAL, qty INTEGER);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
INSERT INTO item(name, price, qty) SELECT printf('item-%06d', (i * 7919) % 200000), (i * 37 % 1000) / 7.0, i % 13 FROM n;
CREATE INDEX item_name ON item(name);
CREATE TABLE sale(item_id INTEGER, day INTEGER, amount REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
INSERT INTO sale SELECT 1 + (i * 31) % 200000, i % 365, (i % 97) * 1.5 FROM n;
SELECT count(*), sum(qty), printf('%.6f', sum(price)) FROM item;
SELECT qty, count(*), printf('%.4f', avg(price)) FROM item GROUP BY qty ORDER BY qty;
SELECT i.qty, count(*), printf('%.2f', sum(s.amount)) FROM item i JOIN sale s ON s.item_id = i.id GROUP BY i.qty ORDER BY i.qty;
SELECT count(*) FROM item WHERE name BETWEEN 'item-010000' AND 'item-020000';
SELECT day, printf('%.3f', sum(amount) OVER (ORDER BY day ROWS 6 PRECEDING)) FROM (SELECT day, sum(amount) AS amount FROM sale GROUP BY day) LIMIT 10;
SELECT name FROM item ORDER BY price DESC, name LIMIT 5;
SELECT group_concat(printf('%.17g', price * 1.1), ',') FROM (SELECT price FROM item LIMIT 2000);
UPDATE item SET price = price * 1.01 WHERE qty > 6;
DELETE FROM sale WHERE day % 5 = 0;
SELECT count(*), printf('%.6f', total(amount)) FROM sale;
