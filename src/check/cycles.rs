//! Cycles among constants and functions (§1, §4): a constant defined in
//! terms of itself (directly, through other constants or through functions)
//! and recursion among `def`s are errors. Also the evaluation order of
//! constants (`Program::const_order`): each after everything it uses.

use crate::check::error::CheckError;
use crate::check::{Checker, Item};
use crate::source::Span;

/// The dependency graph over constants (nodes `0..nc`) and functions
/// (nodes `nc..`), with the span of each reference.
struct Graph {
    nc: usize,
    edges: Vec<Vec<(usize, Span)>>,
}

impl Graph {
    fn node(&self, item: Item) -> Option<usize> {
        match item {
            Item::Const(i) => Some(i as usize),
            Item::Func(i) => Some(self.nc + i as usize),
            _ => None,
        }
    }

    fn succ(&self, n: usize) -> &[(usize, Span)] {
        self.edges.get(n).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Strongly connected components (Tarjan, iterative so that long
    /// chains of constants cannot exhaust the stack).
    fn sccs(&self) -> Vec<Vec<usize>> {
        let n = self.edges.len();
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0usize; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut out = Vec::new();
        let mut next = 0usize;
        for root in 0..n {
            if index.get(root) != Some(&usize::MAX) {
                continue;
            }
            // (node, position in its successor list)
            let mut work = vec![(root, 0usize)];
            while let Some((v, i)) = work.pop() {
                if i == 0 {
                    set(&mut index, v, next);
                    set(&mut low, v, next);
                    next += 1;
                    stack.push(v);
                    set(&mut on_stack, v, true);
                }
                if let Some(&(w, _)) = self.succ(v).get(i) {
                    work.push((v, i + 1));
                    if get(&index, w) == usize::MAX {
                        work.push((w, 0));
                    } else if get(&on_stack, w) {
                        let m = get(&low, v).min(get(&index, w));
                        set(&mut low, v, m);
                    }
                    continue;
                }
                if get(&low, v) == get(&index, v) {
                    let mut comp = Vec::new();
                    while let Some(w) = stack.pop() {
                        set(&mut on_stack, w, false);
                        comp.push(w);
                        if w == v {
                            break;
                        }
                    }
                    out.push(comp);
                }
                if let Some(&(parent, _)) = work.last() {
                    let m = get(&low, parent).min(get(&low, v));
                    set(&mut low, parent, m);
                }
            }
        }
        out
    }

    /// A shortest path `start → … → start` inside `comp`, as nodes with the
    /// span of the reference leaving each.
    fn cycle_from(&self, start: usize, comp: &[usize]) -> Vec<(usize, Span)> {
        let mut prev: Vec<Option<(usize, Span)>> = vec![None; self.edges.len()];
        let mut queue = std::collections::VecDeque::from([start]);
        let mut seen = vec![false; self.edges.len()];
        while let Some(v) = queue.pop_front() {
            for &(w, span) in self.succ(v) {
                if !comp.contains(&w) {
                    continue;
                }
                if w == start {
                    let mut path = vec![(v, span)];
                    let mut cur = v;
                    while cur != start {
                        let Some((p, s)) = prev.get(cur).copied().flatten() else {
                            break;
                        };
                        path.push((p, s));
                        cur = p;
                    }
                    path.reverse();
                    return path;
                }
                if !get(&seen, w) {
                    set(&mut seen, w, true);
                    if let Some(slot) = prev.get_mut(w) {
                        *slot = Some((v, span));
                    }
                    queue.push_back(w);
                }
            }
        }
        Vec::new()
    }
}

fn get<T: Copy + Default>(v: &[T], i: usize) -> T {
    v.get(i).copied().unwrap_or_default()
}

fn set<T>(v: &mut [T], i: usize, value: T) {
    if let Some(slot) = v.get_mut(i) {
        *slot = value;
    }
}

impl Checker<'_> {
    fn graph(&self) -> Graph {
        let nc = self.consts.len();
        let mut g = Graph {
            nc,
            edges: vec![Vec::new(); nc + self.funcs.len()],
        };
        let deps: Vec<&Vec<(Item, Span)>> = self
            .consts
            .iter()
            .map(|c| &c.deps)
            .chain(self.funcs.iter().map(|f| &f.deps))
            .collect();
        for (from, list) in deps.into_iter().enumerate() {
            let out: Vec<(usize, Span)> = list
                .iter()
                .filter_map(|(item, span)| Some((g.node(*item)?, *span)))
                .collect();
            set(&mut g.edges, from, out);
        }
        g
    }

    fn node_item(&self, n: usize) -> Item {
        let nc = self.consts.len();
        if n < nc {
            Item::Const(n as u32)
        } else {
            Item::Func((n - nc) as u32)
        }
    }

    /// Reports each cycle once: at its first constant, else at the call
    /// that closes the recursion.
    pub(crate) fn check_cycles(&mut self) {
        let g = self.graph();
        for comp in g.sccs() {
            let Some(&single) = comp.first() else {
                continue;
            };
            let cyclic = comp.len() > 1 || g.succ(single).iter().any(|(w, _)| *w == single);
            if !cyclic {
                continue;
            }
            let start = comp
                .iter()
                .copied()
                .min_by_key(|&n| (n >= g.nc, self.item_span(self.node_item(n)).lo))
                .unwrap_or(single);
            let path = g.cycle_from(start, &comp);
            let mut names: Vec<String> = path
                .iter()
                .map(|(n, _)| format!("`{}`", self.item_name(self.node_item(*n))))
                .collect();
            names.push(format!("`{}`", self.item_name(self.node_item(start))));
            let chain = names.join(" → ");
            let name = self.item_name(self.node_item(start));
            if start < g.nc {
                self.report(CheckError::ConstCycle {
                    span: self.item_span(self.node_item(start)),
                    name,
                    chain,
                });
            } else {
                let span = path.first().map(|(_, s)| *s).unwrap_or_default();
                let chain = if path.len() <= 1 {
                    "compute the result without calling the function from its own body".to_string()
                } else {
                    format!("the calls go {chain}")
                };
                self.report(CheckError::Recursion { span, name, chain });
            }
        }
    }

    /// Constants in an order where each comes after those it uses
    /// (directly or through functions). Cycles are reported elsewhere.
    pub(crate) fn const_order(&self) -> Vec<crate::ir::ConstId> {
        let g = self.graph();
        let n = g.edges.len();
        let mut state = vec![0u8; n]; // 0 new, 1 open, 2 done
        let mut order = Vec::with_capacity(g.nc);
        for root in 0..g.nc {
            if get(&state, root) != 0 {
                continue;
            }
            let mut work = vec![(root, 0usize)];
            set(&mut state, root, 1);
            while let Some((v, i)) = work.pop() {
                if let Some(&(w, _)) = g.succ(v).get(i) {
                    work.push((v, i + 1));
                    if get(&state, w) == 0 {
                        set(&mut state, w, 1);
                        work.push((w, 0));
                    }
                    continue;
                }
                set(&mut state, v, 2);
                if v < g.nc {
                    order.push(crate::ir::ConstId(v as u32));
                }
            }
        }
        order
    }
}
