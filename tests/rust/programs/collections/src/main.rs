// Standard collections: HashMap, BTreeMap, VecDeque, BinaryHeap, sorting, strings.
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashMap, VecDeque};

fn main() {
    let text = "the quick brown fox jumps over the lazy dog the end";
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word).or_insert(0) += 1;
    }
    let mut by_count: Vec<_> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("{by_count:?}");

    let mut ordered = BTreeMap::new();
    for i in 0..2000u64 {
        ordered.insert((i * 7919) % 1009, i);
    }
    let firsts: Vec<_> = ordered.range(100..110).collect();
    println!("{} keys, {firsts:?}", ordered.len());

    let mut heap: BinaryHeap<(u32, String)> = (0..50).map(|i| ((i * 37) % 23, format!("item{i}"))).collect();
    let top: Vec<_> = std::iter::from_fn(|| heap.pop()).take(5).collect();
    println!("{top:?}");

    let mut queue: VecDeque<u32> = (1..=10).collect();
    queue.rotate_left(3);
    queue.push_front(0);
    println!("{queue:?}");

    let set: BTreeSet<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    println!("{} letters: {}", set.len(), set.iter().collect::<String>());

    let mut big: Vec<u64> = (0..100_000).map(|i: u64| i.wrapping_mul(6364136223846793005) >> 17).collect();
    big.sort_unstable();
    big.dedup();
    println!("{} distinct, median {}", big.len(), big[big.len() / 2]);
}
