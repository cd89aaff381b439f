//! One case of `codecs` called in a loop, for counting its instructions with callgrind, which
//! no host noise reaches: `bash xtask/instructions.sh` runs every case and prints the
//! instructions per call.
//!
//! `loops CASE CALLS`, or `loops list` for the cases; built by
//! `cargo bench -p graph-education --bench loops --no-run`.

mod cases;

use std::hint::black_box;
use std::process::ExitCode;

use cases::*;
use graph_education::models::EducationUser;

/// The models the serializing cases write.
struct Models {
    plain: PlainUser,
    /// Without its unknown properties, which the plain mirror has no room for.
    generated: EducationUser,
    with_unknown: EducationUser,
}

/// A case's name, and one call of it.
type Case = (&'static str, fn(&Models));

const CASES: &[Case] = &[
    ("parse_plain", |_| drop(black_box(parse_plain()))),
    ("parse_flatten", |_| drop(black_box(parse_flatten()))),
    ("parse_generated", |_| drop(black_box(parse_generated()))),
    ("parse_page_plain", |_| drop(black_box(parse_page_plain()))),
    ("batch_requests_value", |_| {
        drop(black_box(batch_requests_value()))
    }),
    ("batch_requests_generated", |_| {
        drop(black_box(batch_requests_generated()))
    }),
    ("batch_answers_value", |_| {
        black_box(batch_answers_value());
    }),
    ("batch_answers_generated", |_| {
        black_box(batch_answers_generated());
    }),
    ("parse_page_generated", |_| {
        drop(black_box(parse_page_generated()))
    }),
    ("update_json_macro", |_| {
        drop(black_box(update_json_macro()))
    }),
    ("update_body", |_| drop(black_box(update_body()))),
    ("contacts_json_macro", |_| {
        drop(black_box(contacts_json_macro()))
    }),
    ("contacts_body", |_| drop(black_box(contacts_body()))),
    ("serialize_plain", |models| {
        drop(black_box(serde_json::to_vec(black_box(&models.plain))))
    }),
    ("serialize_generated", |models| {
        drop(black_box(serde_json::to_vec(black_box(&models.generated))))
    }),
    ("serialize_generated_with_unknown", |models| {
        drop(black_box(serde_json::to_vec(black_box(
            &models.with_unknown,
        ))))
    }),
    ("to_json_generated", |models| {
        drop(black_box(black_box(&models.generated).to_json()))
    }),
];

fn main() -> ExitCode {
    // Cargo passes `--bench` when it runs the bench itself.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with("--"))
        .collect();
    if let [list] = args.as_slice()
        && list == "list"
    {
        CASES.iter().for_each(|(name, _)| println!("{name}"));
        return ExitCode::SUCCESS;
    }
    let [case, calls] = args.as_slice() else {
        return usage();
    };
    let (Some((_, call)), Ok(calls)) = (
        CASES.iter().find(|(name, _)| name == case),
        calls.parse::<usize>(),
    ) else {
        return usage();
    };
    let models = Models {
        plain: plain_user(),
        generated: generated_user(),
        with_unknown: graph_education::from_json_str(RESPONSE).expect("parses"),
    };
    // The cases' fixtures are made before counting, in the run of no calls too.
    prepare_fixtures();
    for _ in 0..calls {
        call(&models);
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    let names: Vec<&str> = CASES.iter().map(|(name, _)| *name).collect();
    eprintln!(
        "usage: loops CASE CALLS | loops list; cases: {}",
        names.join(", ")
    );
    ExitCode::FAILURE
}
