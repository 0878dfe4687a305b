//! Deep recursion on a roomy stack.
//!
//! The front end, checker and evaluator recurse once per nesting level of a
//! policy (at most 128 brackets and 1000 chained operators); in a debug build
//! that needs more than a default 2 MiB thread stack. Everything that runs
//! them on behalf of a user goes through [`on_big_stack`].

/// The stack size: address space, committed only as it is used.
pub const BIG_STACK: usize = 512 * 1024 * 1024;

/// Runs `f` on a scoped thread with a [`BIG_STACK`] and returns its result;
/// `None` if no such thread could be made. A panic in `f` resumes in the caller.
pub fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Option<T> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(BIG_STACK)
            .spawn_scoped(scope, f)
            .ok()?;
        Some(
            handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
        )
    })
}
