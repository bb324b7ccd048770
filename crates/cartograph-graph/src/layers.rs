//! The module graph's shape: import cycles condensed into components (strongly connected
//! components, named by their smallest module path) and layers over the condensed graph
//! (0 = imports no other component; otherwise one above the highest component it imports). A
//! topological order of the condensed graph is the order a reader meets the modules in.

use crate::ModuleEdge;
use std::collections::BTreeMap;

/// Where one module sits in the module graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModulePlace {
    /// 0 for a module that imports no module outside its own cycle.
    pub layer: u32,
    /// The smallest module path of the module's import cycle, or its own path.
    pub component: String,
}

/// The place of every module of `modules` in the graph of `edges`. Edges naming modules that
/// are not listed, and edges made only of imports inside functions (deferred, often to break a
/// cycle), are left out.
pub fn module_places(modules: &[String], edges: &[ModuleEdge]) -> BTreeMap<String, ModulePlace> {
    let mut names: Vec<&str> = modules.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(at, n)| (*n, at)).collect();
    let mut outgoing = vec![Vec::new(); names.len()];
    for edge in edges.iter().filter(|edge| !edge.local_only) {
        if let (Some(&from), Some(&to)) =
            (index.get(edge.from.as_str()), index.get(edge.to.as_str()))
        {
            if from != to {
                outgoing[from].push(to);
            }
        }
    }
    for targets in &mut outgoing {
        targets.sort_unstable();
        targets.dedup();
    }
    let component_of = strongly_connected(&outgoing);
    let n_components = component_of.iter().copied().max().map_or(0, |max| max + 1);
    // Components come out of Tarjan's algorithm in reverse topological order: every component
    // a component imports has a smaller number, so one pass in numeric order sets the layers.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n_components];
    for (node, &component) in component_of.iter().enumerate() {
        members[component].push(node);
    }
    let mut layer = vec![0u32; n_components];
    for component in 0..n_components {
        let mut highest: Option<u32> = None;
        for &node in &members[component] {
            for &target in &outgoing[node] {
                let other = component_of[target];
                if other != component {
                    highest = Some(highest.map_or(layer[other], |h| h.max(layer[other])));
                }
            }
        }
        layer[component] = highest.map_or(0, |h| h.saturating_add(1));
    }
    names
        .iter()
        .enumerate()
        .map(|(node, name)| {
            let component = component_of[node];
            // `members` is in node order, which is path order: the first is the smallest.
            let smallest = members[component]
                .first()
                .map_or(*name, |&first| names[first]);
            (
                name.to_string(),
                ModulePlace {
                    layer: layer[component],
                    component: smallest.to_string(),
                },
            )
        })
        .collect()
}

/// Tarjan's strongly connected components, iteratively (no recursion depth to run out of).
/// Returns each node's component number; a component's number is larger than that of every
/// component it reaches.
fn strongly_connected(outgoing: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = outgoing.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_order = 0;
    let mut next_component = 0;
    for start in 0..n {
        if order[start] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to look at)
        let mut calls = vec![(start, 0usize)];
        order[start] = next_order;
        low[start] = next_order;
        next_order += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&mut (node, ref mut edge)) = calls.last_mut() {
            if let Some(&target) = outgoing[node].get(*edge) {
                *edge += 1;
                if order[target] == UNSEEN {
                    order[target] = next_order;
                    low[target] = next_order;
                    next_order += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    calls.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: &str, to: &str) -> ModuleEdge {
        ModuleEdge {
            from: from.into(),
            to: to.into(),
            count: 1,
            local_only: false,
            namespace_uses: 0,
        }
    }

    fn places(modules: &[&str], edges: &[(&str, &str)]) -> Vec<(String, u32, String)> {
        let modules: Vec<String> = modules.iter().map(|m| m.to_string()).collect();
        let edges: Vec<ModuleEdge> = edges.iter().map(|(a, b)| edge(a, b)).collect();
        module_places(&modules, &edges)
            .into_iter()
            .map(|(name, place)| (name, place.layer, place.component))
            .collect()
    }

    #[test]
    fn layers_follow_imports_and_cycles_share_a_component() {
        // app → {events ⇄ base_events} → futures; tests → app; tools alone.
        let found = places(
            &["app", "base_events", "events", "futures", "tests", "tools"],
            &[
                ("app", "events"),
                ("events", "base_events"),
                ("base_events", "events"),
                ("base_events", "futures"),
                ("tests", "app"),
                ("tests", "futures"),
                ("ghost", "app"),
            ],
        );
        let expect = |name: &str, layer: u32, component: &str| {
            (name.to_string(), layer, component.to_string())
        };
        assert_eq!(
            found,
            vec![
                expect("app", 2, "app"),
                expect("base_events", 1, "base_events"),
                expect("events", 1, "base_events"),
                expect("futures", 0, "futures"),
                expect("tests", 3, "tests"),
                expect("tools", 0, "tools"),
            ]
        );
    }

    #[test]
    fn imports_inside_functions_make_no_cycle() {
        let modules = vec!["a".to_string(), "b".to_string()];
        let mut back = edge("b", "a");
        back.local_only = true;
        let found = module_places(&modules, &[edge("a", "b"), back]);
        assert_eq!(found["a"].layer, 1);
        assert_eq!(found["b"].layer, 0);
        assert_eq!(found["a"].component, "a");
    }

    #[test]
    fn a_long_chain_needs_no_recursion() {
        let names: Vec<String> = (0..20_000).map(|i| format!("m{i:05}")).collect();
        let edges: Vec<ModuleEdge> = names.windows(2).map(|w| edge(&w[0], &w[1])).collect();
        let found = module_places(&names, &edges);
        assert_eq!(found["m00000"].layer, 19_999);
        assert_eq!(found["m19999"].layer, 0);
    }
}
