//! Work on independent files spread over the available cores, results in input order.

/// Applies `work` to consecutive chunks of `items`, one chunk per core, and concatenates the
/// results in order. `work` gets a whole chunk so it can keep state across its items (a cache).
/// A panic in a worker is a bug: it is raised again here, never taken for an empty result.
pub fn chunked<T: Sync, R: Send>(items: &[T], work: impl Fn(&[T]) -> Vec<R> + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order() {
        let items: Vec<u32> = (0..1000).collect();
        let out = chunked(&items, |part| part.iter().map(|i| i * 2).collect());
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(chunked(&[] as &[u32], |p| p.to_vec()).is_empty());
    }

    #[test]
    fn a_panicking_worker_is_not_an_empty_result() {
        let items: Vec<u32> = (0..64).collect();
        let caught = std::panic::catch_unwind(|| {
            chunked(&items, |part| {
                if part.contains(&63) {
                    panic!("worker failed");
                }
                part.to_vec()
            })
        });
        assert!(caught.is_err(), "the panic must reach the caller");
    }
}
