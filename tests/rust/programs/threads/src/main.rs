// Threads with channels, Mutex, RwLock, Condvar, atomics and scoped threads.
// no-migrate: it starts threads, and migration refuses threads (docs/RUST.md)
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    let workers: Vec<_> = (0..4u64)
        .map(|id| {
            let tx = tx.clone();
            thread::spawn(move || {
                let sum: u64 = (id * 1000..(id + 1) * 1000).map(|x| x * x % 7919).sum();
                tx.send((id, sum)).unwrap();
            })
        })
        .collect();
    drop(tx);
    let mut results: Vec<_> = rx.iter().collect();
    results.sort();
    for w in workers {
        w.join().unwrap();
    }
    println!("{results:?}");

    let counter = Arc::new(Mutex::new(0u64));
    let hits = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (counter, hits) = (counter.clone(), hits.clone());
            thread::spawn(move || {
                for _ in 0..5000 {
                    *counter.lock().unwrap() += 1;
                    hits.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    handles.into_iter().for_each(|h| h.join().unwrap());
    println!("mutex {} atomic {}", *counter.lock().unwrap(), hits.load(Ordering::Relaxed));

    let table = RwLock::new(vec![1u32, 2, 3]);
    let pair = (Mutex::new(false), Condvar::new());
    thread::scope(|s| {
        s.spawn(|| {
            table.write().unwrap().push(4);
            let (ready, cv) = &pair;
            *ready.lock().unwrap() = true;
            cv.notify_all();
        });
        let (ready, cv) = &pair;
        let guard = cv.wait_while(ready.lock().unwrap(), |r| !*r).unwrap();
        assert!(*guard);
    });
    println!("table {:?} on {}", table.read().unwrap(), thread::current().name().unwrap_or("?"));
}
