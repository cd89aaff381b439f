//! One case of `codecs` called in a loop, for counting its instructions with callgrind, which
//! no host noise reaches: `bash xtask/instructions.sh` runs every case and prints the
//! instructions per call.
//!
//! `loops CASE CALLS`, built by `cargo bench -p graph-education --bench loops --no-run`.

mod cases;

use std::hint::black_box;
use std::process::ExitCode;

use cases::*;

fn main() -> ExitCode {
    let mut args = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"));
    let (case, calls) = (
        args.next(),
        args.next().and_then(|calls| calls.parse().ok()),
    );
    let (Some(case), Some(calls)) = (case, calls) else {
        eprintln!("usage: loops CASE CALLS; cases: {}", CASES.join(", "));
        return ExitCode::FAILURE;
    };
    let (plain, generated) = (plain_user(), generated_user());
    // `generated_user` drops the unknown properties, which the plain mirror has no room for.
    let with_unknown: graph_education::models::EducationUser =
        graph_education::from_json_str(RESPONSE).expect("parses");
    let call: Box<dyn Fn()> = match case.as_str() {
        "parse_plain" => Box::new(|| drop(black_box(parse_plain()))),
        "parse_flatten" => Box::new(|| drop(black_box(parse_flatten()))),
        "parse_generated" => Box::new(|| drop(black_box(parse_generated()))),
        "update_json_macro" => Box::new(|| drop(black_box(update_json_macro()))),
        "update_body" => Box::new(|| drop(black_box(update_body()))),
        "contacts_json_macro" => Box::new(|| drop(black_box(contacts_json_macro()))),
        "contacts_body" => Box::new(|| drop(black_box(contacts_body()))),
        "serialize_plain" => Box::new(|| drop(black_box(serde_json::to_vec(black_box(&plain))))),
        "serialize_generated" => {
            Box::new(|| drop(black_box(serde_json::to_vec(black_box(&generated)))))
        }
        "serialize_generated_with_unknown" => {
            Box::new(|| drop(black_box(serde_json::to_vec(black_box(&with_unknown)))))
        }
        "to_json_generated" => Box::new(|| drop(black_box(black_box(&generated).to_json()))),
        _ => {
            eprintln!("unknown case {case}; cases: {}", CASES.join(", "));
            return ExitCode::FAILURE;
        }
    };
    for _ in 0..calls {
        call();
    }
    ExitCode::SUCCESS
}

const CASES: [&str; 11] = [
    "parse_plain",
    "parse_flatten",
    "parse_generated",
    "update_json_macro",
    "update_body",
    "contacts_json_macro",
    "contacts_body",
    "serialize_plain",
    "serialize_generated",
    "serialize_generated_with_unknown",
    "to_json_generated",
];
