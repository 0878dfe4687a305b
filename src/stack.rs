//! Deep recursion on a roomy stack.
//!
//! The front end, checker and evaluator recurse once per nesting level of a
//! policy (at most 128 brackets and 1000 chained operators); in a debug build
//! that needs more than a default 2 MiB thread stack. Everything that runs
//! them on behalf of a user goes through [`on_big_stack`].

/// The stack size: address space, committed only as it is used.
pub const BIG_STACK: usize = 512 * 1024 * 1024;

std::thread_local! {
    /// Whether this thread already runs on a stack of at least [`BIG_STACK`].
    static ON_BIG_STACK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Declares that the calling thread's stack is already big enough (a main
/// thread under `ulimit -s unlimited`, as the fuzz targets run): then
/// [`on_big_stack`] runs its closure right here instead of on a new thread.
pub fn declare_big_stack() {
    ON_BIG_STACK.with(|b| b.set(true));
}

/// Runs `f` on a scoped thread with a [`BIG_STACK`] and returns its result;
/// `None` if no such thread could be made. A panic in `f` resumes in the caller.
/// Already on such a stack (nested calls: the CLI's thread checking a
/// package), `f` runs in place: one thread per run, not one per stage.
pub fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Option<T> {
    if ON_BIG_STACK.with(std::cell::Cell::get) {
        return Some(f());
    }
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .stack_size(BIG_STACK)
            .spawn_scoped(scope, || {
                declare_big_stack();
                f()
            })
            .ok()?;
        Some(
            handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
        )
    })
}
