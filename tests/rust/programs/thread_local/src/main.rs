// thread_local! state (Cell, RefCell, lazily initialised) kept across calls and a migration.
use std::cell::{Cell, RefCell};

thread_local! {
    static CALLS: Cell<u64> = const { Cell::new(0) };
    static LOG: RefCell<Vec<String>> = RefCell::new(Vec::new());
    static TABLE: Vec<u64> = (0..64).map(|i| i * i + 1).collect();
}

fn step(i: u64) -> u64 {
    CALLS.with(|c| c.set(c.get() + 1));
    let v = TABLE.with(|t| t[(i % 64) as usize]);
    if i % 5000 == 0 {
        LOG.with(|l| l.borrow_mut().push(format!("{i}:{v}")));
    }
    v
}

fn main() {
    let mut acc = 0u64;
    for i in 0..200_000 {
        acc = acc.wrapping_add(step(i)).rotate_left(3);
    }
    println!("acc {acc}");
    println!("calls {}", CALLS.with(Cell::get));
    LOG.with(|l| println!("log {:?}", l.borrow()));
}
