//! Property tests: any builder input either builds a request whose body parses back into the
//! model, or is rejected with violations; it never panics.

use graph_education::models::{
    ContactRelationship, EducationStudent, EducationUser, EducationUserRole, PasswordPolicy,
    RelatedContact,
};
use graph_education::operations::UpdateEducationUser;
use graph_education::requests::{ApiVersion, Cloud};
use graph_education::validation::ViolationCode;
use graph_education::{Field, from_json};
use proptest::prelude::*;

/// Mostly arbitrary text, sometimes one of the given valid values.
fn text_or(valid: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(valid).prop_map(str::to_string),
        any::<String>(),
    ]
}

#[derive(Debug, Clone)]
struct Input {
    id: String,
    department: Option<Option<String>>,
    usage_location: Option<String>,
    preferred_language: Option<String>,
    business_phones: Option<Vec<String>>,
    primary_role: Option<String>,
    password_policies: Option<Vec<String>>,
    birth_date: Option<String>,
    beta: bool,
}

fn input() -> impl Strategy<Value = Input> {
    (
        text_or(&["13020", "a/b c"]),
        proptest::option::of(proptest::option::of(any::<String>())),
        proptest::option::of(text_or(&["US", "DE", "GB"])),
        proptest::option::of(text_or(&["en", "en-US"])),
        proptest::option::of(proptest::collection::vec(any::<String>(), 0..3)),
        proptest::option::of(text_or(&[
            "student",
            "teacher",
            "faculty",
            "none",
            "unknownFutureValue",
        ])),
        proptest::option::of(proptest::collection::vec(
            text_or(&["DisableStrongPassword", "DisablePasswordExpiration"]),
            0..3,
        )),
        proptest::option::of(text_or(&["2009-04-17", "2000-02-29"])),
        any::<bool>(),
    )
        .prop_map(
            |(
                id,
                department,
                usage_location,
                preferred_language,
                business_phones,
                primary_role,
                password_policies,
                birth_date,
                beta,
            )| Input {
                id,
                department,
                usage_location,
                preferred_language,
                business_phones,
                primary_role,
                password_policies,
                birth_date,
                beta,
            },
        )
}

fn build(input: &Input) -> UpdateEducationUser<'_> {
    let mut update = UpdateEducationUser::users(input.id.clone());
    update = match &input.department {
        Some(Some(department)) => update.department(department.clone()),
        Some(None) => update.clear_department(),
        None => update,
    };
    if let Some(code) = &input.usage_location {
        update = update.usage_location(code.clone());
    }
    if let Some(tag) = &input.preferred_language {
        update = update.preferred_language(tag.clone());
    }
    if let Some(phones) = &input.business_phones {
        update = update.business_phones(phones.clone());
    }
    if let Some(role) = &input.primary_role {
        update = update.primary_role(EducationUserRole::from(role.as_str()));
    }
    if let Some(policies) = &input.password_policies {
        update =
            update.password_policies(policies.iter().map(|p| PasswordPolicy::from(p.as_str())));
    }
    if let Some(date) = &input.birth_date {
        let mut student = EducationStudent::default();
        student.birth_date = Field::Value(date.as_str().into());
        update = update.student(student);
    }
    update
}

proptest! {
    #[test]
    fn builds_a_request_that_parses_back_or_reports_violations(input in input()) {
        let version = if input.beta { ApiVersion::Beta } else { ApiVersion::V1_0 };
        match build(&input).build_for(version, Cloud::Global) {
            Ok(request) => {
                let user: EducationUser = from_json(request.body()).expect("a built body parses into the model");
                match &input.department {
                    Some(Some(department)) => prop_assert_eq!(user.department, Field::Value(department.clone())),
                    Some(None) => prop_assert_eq!(user.department, Field::Null),
                    None => prop_assert_eq!(user.department, Field::Absent),
                }
                prop_assert_eq!(user.usage_location.into_value(), input.usage_location.clone());
                prop_assert_eq!(user.business_phones.into_value(), input.business_phones.clone());
                prop_assert!(user.additional_properties.is_empty());
            }
            Err(errors) => {
                prop_assert!(!errors.violations().is_empty());
                for violation in errors.violations() {
                    prop_assert!(violation.pointer.is_empty() || violation.pointer.starts_with('/'));
                    prop_assert!(!violation.message.is_empty());
                }
            }
        }
    }
}

/// An address, or something close to one: every branch of the email check gets inputs.
fn address_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9._+-]{0,8}@[a-zA-Z0-9.-]{0,10}",
        "[a-z0-9._+!#%'*/=?^`{|}~\"(),:;<>\\[\\] -]{0,6}@[a-z0-9.\\[\\]:-]{0,8}",
        "[a-zé.]{1,5}@[a-zé.-]{1,8}",
        "[a-z]{60,66}@[a-z]{1,3}\\.[a-z]{2,3}",
        "[a-z]{1,3}@[a-z]{60,66}\\.[a-z]{2,3}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The validator's quick check for everyday addresses is only a shortcut: it accepts
    /// exactly what `email_address` (the RFC 5322 parser) accepts without a display name.
    #[test]
    fn the_email_check_agrees_with_email_address(address in address_like()) {
        let mut contact = RelatedContact::default();
        contact.display_name = Field::Value("A".into());
        contact.email_address = Field::Value(address.clone());
        contact.relationship = Field::Value(ContactRelationship::Parent);
        let rejected = contact
            .validate(ApiVersion::Beta)
            .err()
            .is_some_and(|errors| errors.find("/emailAddress", ViolationCode::InvalidEmail).is_some());
        let valid = !address.contains(['<', '>', ' '])
            && email_address::EmailAddress::is_valid(&address);
        prop_assert_eq!(rejected, !valid, "{:?}", address);
    }
}

/// Text of every kind the escaper must tell apart: plain and non-ASCII letters, quotes,
/// backslashes, control characters, at every position and length around its 8-byte steps.
fn any_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            1 => Just('"'),
            1 => Just('\\'),
            1 => proptest::char::range('\0', '\u{1f}'),
            1 => Just('\u{7f}'),
            1 => proptest::char::any(),
        ],
        0..40,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// The body writer copies text that needs no escaping and escapes the rest: either way,
    /// exactly what `serde_json` writes.
    #[test]
    fn strings_are_written_as_serde_json_writes_them(text in any_text()) {
        let body = UpdateEducationUser::users("13020").department(text.as_str()).to_json();
        let expected = serde_json::to_vec(&serde_json::json!({ "department": text })).expect("serializes");
        prop_assert_eq!(String::from_utf8_lossy(&body), String::from_utf8_lossy(&expected));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// A model's own JSON writer and its `Serialize` impl write the same text, whatever the
    /// strings, nested models and unknown properties hold.
    #[test]
    fn a_model_writes_itself_as_serde_json_writes_it(
        name in any_text(),
        phone in any_text(),
        unknown in any_text(),
    ) {
        let mut contact = RelatedContact::default();
        contact.display_name = Field::Value(name.clone());
        contact.mobile_phone = Field::Value(phone);
        contact.email_address = Field::Null;
        contact.relationship = Field::Value(ContactRelationship::from(name.as_str()));
        let mut user = EducationUser::default();
        user.surname = Field::Value(name);
        user.related_contacts = Field::Value(vec![contact.clone(), contact]);
        user.additional_properties.insert(&unknown, &serde_json::json!({ "text": unknown })).expect("inserts");
        let (written, expected) = (user.to_json(), serde_json::to_vec(&user).expect("serializes"));
        prop_assert_eq!(String::from_utf8_lossy(&written), String::from_utf8_lossy(&expected));
    }
}

fn quoted(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// The `$filter` value of a request's query string, percent-decoded.
fn sent_filter(request: &http::Request<Vec<u8>>) -> String {
    let query = request.uri().query().expect("a query");
    let encoded = query
        .split('&')
        .find_map(|option| option.strip_prefix("$filter="))
        .expect("a $filter");
    percent_encoding::percent_decode_str(encoded)
        .decode_utf8()
        .expect("UTF-8")
        .into_owned()
}

proptest! {
    /// Any string becomes an OData literal with each `'` doubled and nothing else altered,
    /// and the request's query string decodes back to exactly the filter.
    #[test]
    fn filters_quote_any_string_and_survive_the_url(
        a in any::<String>(),
        b in any::<String>(),
        prefix in any::<String>(),
    ) {
        use graph_education::models::EducationUserFilter as F;
        use graph_education::operations::ListEducationUsers;

        let filter = F::DISPLAY_NAME
            .eq(a.as_str())
            .or(F::MAIL.is_in([a.as_str(), b.as_str()]))
            .and(!F::SURNAME.starts_with(prefix.as_str()));
        let expected = format!(
            "(displayName eq {} or mail in ({}, {})) and not (startsWith(surname, {}))",
            quoted(&a),
            quoted(&a),
            quoted(&b),
            quoted(&prefix)
        );
        prop_assert_eq!(filter.as_str(), expected.as_str());
        let request = ListEducationUsers::users().filter(filter).build().expect("valid");
        prop_assert_eq!(sent_filter(&request), expected);
    }

    /// Any page of users round-trips: written, then read, it is the same page.
    #[test]
    fn any_page_round_trips(
        names in proptest::collection::vec(proptest::option::of(any::<String>()), 0..5),
        next in proptest::option::of("[a-zA-Z0-9=?&$%]{0,40}"),
        count in proptest::option::of(any::<i64>()),
        annotation in proptest::option::of(any::<String>()),
    ) {
        use graph_education::paging::{NextLink, Page};

        let mut page = Page::default();
        for (index, name) in names.into_iter().enumerate() {
            let mut user = EducationUser::default();
            user.id = Field::Value(index.to_string());
            user.display_name = name.map_or(Field::Null, Field::Value);
            page.value.push(Box::new(user));
        }
        page.next_link = next.map(|tail| NextLink::new(format!("https://graph.microsoft.com/v1.0/x?{tail}")));
        page.count = count;
        if let Some(text) = annotation {
            page.annotations.insert("@odata.context", &text).expect("a string is JSON");
        }
        let written = serde_json::to_vec(&page).expect("serializes");
        let read: Page<EducationUser> = from_json(&written).expect("reads back");
        prop_assert_eq!(read, page);
    }
}
