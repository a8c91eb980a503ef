//! Property tests of the report model's tables and of where blocks stand on a page.
//!
//! - Generated tables of every shape (groups, parents over parts, varav rows, unsummed rows,
//!   sums at every level, a derived column) whose figures add up pass every check; the same
//!   table with one figure moved beyond rounding fails, naming that row.
//! - Every fenced block of a known type, wherever it stands (top level, quote, list item,
//!   nested), is found once and rendered exactly once, in its place and in order.
//!
//! Cases per property: `INSYN_PROPTEST_CASES` (default 200).

use insyn::diagnostics::Diagnostic;
use insyn::load::blocks::find_blocks;
use insyn::model::blocks::{Block, Context, build_all};
use insyn::model::values::StatusWords;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rust_decimal::Decimal;
use std::path::Path;

fn cases() -> u32 {
    std::env::var("INSYN_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

/// A generated row tree: each node is an item with figures, a parent over its parts, or a
/// group with a sum row; any of them may have varav rows; some are not summed.
#[derive(Debug, Clone)]
enum Node {
    Item {
        outcome: i64,
        budget: i64,
        varav: usize,
        summed: bool,
    },
    Parent {
        parts: Vec<Node>,
    },
    Group {
        members: Vec<Node>,
        labelled: bool,
    },
}

fn node() -> impl Strategy<Value = Node> {
    let leaf = (-5000i64..5000, -5000i64..5000, 0usize..3, prop::bool::weighted(0.9)).prop_map(
        |(outcome, budget, varav, summed)| Node::Item {
            outcome,
            budget,
            varav,
            summed,
        },
    );
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(|parts| Node::Parent { parts }),
            (prop::collection::vec(inner, 1..4), any::<bool>())
                .prop_map(|(members, labelled)| Node::Group { members, labelled }),
        ]
    })
}

/// One decimal of printed precision: a figure `n` is written as `n/10`.
fn fig(n: i64) -> String {
    Decimal::new(n, 1).to_string().replace('.', ",")
}

/// The node's (outcome, budget) as its parent sums it.
fn totals(n: &Node) -> (i64, i64) {
    match n {
        Node::Item { outcome, budget, .. } => (*outcome, *budget),
        Node::Parent { parts } | Node::Group { members: parts, .. } => parts
            .iter()
            .filter(|p| !matches!(p, Node::Item { summed: false, .. }))
            .map(totals)
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
    }
}

/// Write the node as YAML rows at `indent`, numbering labels; `perturb` moves the outcome of
/// the row with that label number by 1,0 (ten times the rounding of one figure).
fn write(n: &Node, indent: usize, counter: &mut usize, perturb: Option<usize>, out: &mut String) {
    let pad = " ".repeat(indent);
    *counter += 1;
    let me = *counter;
    // A moved outcome no longer matches its own deviation (nor the sums above it).
    let row = |label: String, o: i64, b: i64| -> String {
        let shown = if perturb == Some(me) { o + 10 } else { o };
        format!("{label} | {} | {} | {}", fig(shown), fig(b), fig(o - b))
    };
    match n {
        Node::Item {
            outcome,
            budget,
            varav,
            summed,
        } => {
            let text = row(format!("Rad {me}"), *outcome, *budget);
            if *varav == 0 && *summed {
                out.push_str(&format!("{pad}- {text}\n"));
            } else {
                out.push_str(&format!("{pad}- rad: {text}\n"));
                if !summed {
                    out.push_str(&format!("{pad}  summeras: false\n"));
                }
                if *varav > 0 {
                    out.push_str(&format!("{pad}  varav:\n"));
                    for v in 0..*varav {
                        out.push_str(&format!(
                            "{pad}    - varav {v} | {} | {} | {}\n",
                            fig(outcome / 3),
                            fig(7),
                            fig(outcome / 3 - 7)
                        ));
                    }
                }
            }
        }
        Node::Parent { parts } => {
            let (o, b) = totals(n);
            out.push_str(&format!(
                "{pad}- rad: {}\n{pad}  delar:\n",
                row(format!("Del {me}"), o, b)
            ));
            for p in parts {
                write(p, indent + 4, counter, perturb, out);
            }
        }
        Node::Group { members, labelled } => {
            let (o, b) = totals(n);
            if *labelled {
                out.push_str(&format!("{pad}- grupp: Grupp {me}\n{pad}  delar:\n"));
            } else {
                out.push_str(&format!("{pad}- delar:\n"));
            }
            for m in members {
                write(m, indent + 4, counter, perturb, out);
            }
            out.push_str(&format!("{pad}  summa: {}\n", row(format!("Summa {me}"), o, b)));
        }
    }
}

fn table_yaml(nodes: &[Node], perturb: Option<usize>) -> (String, usize) {
    let mut s = String::from(
        "titel: Tabell\nenhet: mnkr\nkolumner:\n  - Post\n  - {rubrik: Utfall, typ: utfall}\n  - {rubrik: Budget, typ: budget}\n  - {rubrik: Avvikelse, typ: avvikelse, formel: utfall - budget}\nrader:\n",
    );
    let mut counter = 0;
    for n in nodes {
        write(n, 2, &mut counter, perturb, &mut s);
    }
    let (o, b) = nodes
        .iter()
        .filter(|p| !matches!(p, Node::Item { summed: false, .. }))
        .map(totals)
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    s.push_str(&format!("summa: Summa | {} | {} | {}\n", fig(o), fig(b), fig(o - b)));
    (s, counter)
}

fn build(yaml: &str) -> (Vec<Block>, Vec<Diagnostic>) {
    let body = format!("```tabell\n{yaml}```\n");
    let mut d = Vec::new();
    let inputs = find_blocks(Path::new("content/t.md"), &body, 5, &mut d);
    let words = StatusWords::default();
    let ctx = Context {
        period: None,
        words: &words,
    };
    let b = build_all(inputs, &ctx, &mut d);
    (b.into_iter().map(|p| p.block).collect(), d)
}

#[test]
fn tables_that_add_up_pass_and_one_wrong_figure_is_named() {
    let checked = std::cell::Cell::new(0u32);
    let caught = std::cell::Cell::new(0u32);
    runner()
        .run(
            &(prop::collection::vec(node(), 1..5), any::<prop::sample::Index>()),
            |(nodes, pick)| {
                let (yaml, rows) = table_yaml(&nodes, None);
                let (blocks, d) = build(&yaml);
                let messages: Vec<String> = d.iter().map(|d| d.to_string()).collect();
                prop_assert!(d.is_empty(), "a consistent table fails:\n{yaml}\n{messages:#?}");
                let Some(Block::Table(t)) = blocks.first() else {
                    return Err(TestCaseError::fail("no table"));
                };
                prop_assert_eq!(
                    t.placed().iter().filter(|p| !p.row.label.starts_with("varav")).count() > 0,
                    true
                );
                checked.set(checked.get() + 1);
                // Move one figure beyond rounding: its row (or a sum over it) must fail.
                let row = pick.index(rows) + 1;
                let (wrong, _) = table_yaml(&nodes, Some(row));
                let (_, d) = build(&wrong);
                prop_assert!(!d.is_empty(), "a wrong figure passed:\n{wrong}");
                let named = d.iter().any(|x| x.message.contains(&format!(" {row}\" stämmer inte")));
                prop_assert!(
                    named,
                    "no message names the row {row}: {:#?}",
                    d.iter().map(|d| d.to_string()).collect::<Vec<_>>()
                );
                caught.set(caught.get() + 1);
                Ok(())
            },
        )
        .unwrap();
    let (checked, caught) = (checked.get(), caught.get());
    assert!(
        checked >= cases() / 2 && caught >= cases() / 2,
        "{checked} tables checked, {caught} wrong figures caught"
    );
}

/// Where a block stands in Markdown.
#[derive(Debug, Clone, Copy)]
enum Place {
    Top,
    Quote,
    ListItem,
    NestedList,
    QuoteInList,
}

fn place() -> impl Strategy<Value = Place> {
    prop_oneof![
        Just(Place::Top),
        Just(Place::Quote),
        Just(Place::ListItem),
        Just(Place::NestedList),
        Just(Place::QuoteInList),
    ]
}

/// The Markdown of a block `n` placed so: a key figures block whose name is unique.
fn placed_block(n: usize, p: Place) -> String {
    let block = format!("```nyckeltal\nposter:\n  - namn: Nyckeltal {n}\n    värde: {n}\n```\n");
    let prefixed = |prefix: &str, first: &str| -> String {
        block
            .lines()
            .enumerate()
            .map(|(i, l)| format!("{}{l}\n", if i == 0 { first } else { prefix }))
            .collect()
    };
    match p {
        Place::Top => format!("Stycke {n}.\n\n{block}\n"),
        Place::Quote => format!("> Citat {n}.\n>\n{}\n", prefixed("> ", "> ")),
        Place::ListItem => format!("- Punkt {n}.\n\n{}\n", prefixed("  ", "  ")),
        Place::NestedList => format!("- Yttre {n}.\n  - Inre {n}.\n\n{}\n", prefixed("    ", "    ")),
        Place::QuoteInList => format!("- Punkt {n}.\n\n  > Citat {n}.\n  >\n{}\n", prefixed("  > ", "  > ")),
    }
}

#[test]
fn every_block_renders_once_in_its_place() {
    use insyn::render::markdown::{self, LinkTargets};
    use std::collections::HashMap;
    let (docs, files, paths) = (HashMap::new(), HashMap::new(), insyn::render::SitePaths::default());
    let targets = LinkTargets {
        documents: &docs,
        files: &files,
        base_path: "/",
        site_paths: &paths,
        terms: None,
    };
    let pages = std::cell::Cell::new(0u32);
    runner()
        .run(&prop::collection::vec(place(), 1..8), |places| {
            let body: String = places.iter().enumerate().map(|(n, p)| placed_block(n, *p)).collect();
            let mut d = Vec::new();
            let inputs = find_blocks(Path::new("content/p.md"), &body, 1, &mut d);
            prop_assert!(d.is_empty(), "{body}\n{d:?}");
            prop_assert_eq!(inputs.len(), places.len(), "every block is found: {}", body);
            let offsets: Vec<usize> = inputs.iter().map(|b| b.offset).collect();
            let out = markdown::render(&body, 1, "p.md", Path::new("content/p.md"), &targets, &offsets, &mut d);
            let html: Vec<String> = (0..places.len()).map(|n| format!("[BLOCK {n}]")).collect();
            let page = markdown::splice_blocks(&out.html, &html);
            let mut last = 0;
            for (n, p) in places.iter().enumerate() {
                let mark = format!("[BLOCK {n}]");
                prop_assert_eq!(page.matches(&mark).count(), 1, "block {} once: {}", n, page);
                let at = page.find(&mark).unwrap_or(0);
                prop_assert!(at >= last, "blocks in order: {}", page);
                last = at;
                // In its place: after its own paragraph, inside its container.
                let before = &page[..at];
                let open = |tag: &str| {
                    before.matches(&format!("<{tag}>")).count() > before.matches(&format!("</{tag}>")).count()
                };
                match p {
                    Place::Top => prop_assert!(!open("blockquote") && !open("li"), "{}", page),
                    Place::Quote => prop_assert!(open("blockquote") && !open("li"), "{}", page),
                    Place::ListItem | Place::NestedList => prop_assert!(open("li") && !open("blockquote"), "{}", page),
                    Place::QuoteInList => prop_assert!(open("li") && open("blockquote"), "{}", page),
                }
                prop_assert!(
                    !page.contains("nyckeltal\nposter"),
                    "no block source is left as code: {}",
                    page
                );
            }
            pages.set(pages.get() + 1);
            Ok(())
        })
        .unwrap();
    assert!(pages.get() >= cases() / 2, "{} pages checked", pages.get());
}
