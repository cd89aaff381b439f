//! Minimal updates from two snapshots, and applying an update locally.

use graph_education::models::{
    EducationUser, EducationUserRole, PasswordPolicy, PhysicalAddress, RelatedContact,
};
use graph_education::operations::UpdateEducationUser;
use graph_education::{Field, Flags, ValidationErrors, from_json};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The update borrows `after`'s strings.
fn diff<'a>(
    before: &EducationUser,
    after: &'a EducationUser,
) -> Result<UpdateEducationUser<'a>, ValidationErrors> {
    UpdateEducationUser::users("13020").diff(before, after)
}

fn body(update: &UpdateEducationUser<'_>) -> Value {
    serde_json::from_slice(&update.to_json()).expect("JSON")
}

fn seed() -> EducationUser {
    from_json(include_str!("data/full_user_response.json")).expect("the response parses")
}

#[test]
fn only_what_changed_is_sent() {
    let before = seed();
    let mut after = before.clone();
    after.surname = Field::Value("Okafor-Ng".into());
    after.department = Field::Value("Physics".into());
    after.middle_name = Field::Null; // was already null: unchanged
    after.given_name = Field::Null; // removed: cleared
    after.office_location = Field::Absent; // left out: cleared as well
    let update = diff(&before, &after).expect("expressible");
    assert_eq!(
        body(&update),
        json!({"surname": "Okafor-Ng", "department": "Physics", "givenName": null, "officeLocation": null})
    );
    update.build().expect("a diff is a valid update");
}

#[test]
fn complex_values_and_collections_are_replaced_whole_without_read_only_or_unknown_parts() {
    let before = seed();
    let mut after = before.clone();
    if let Field::Value(address) = &mut after.mailing_address {
        address.city = Field::Value("Seattle".into());
    }
    after.business_phones = Field::Value(vec!["+1 206 555 0100".into()]);
    let update = diff(&before, &after).expect("expressible");
    assert_eq!(
        body(&update),
        json!({
            "mailingAddress": {"city": "Seattle", "countryOrRegion": "United States", "postalCode": "98052", "state": "WA", "street": "1 Microsoft Way"},
            "businessPhones": ["+1 206 555 0100"]
        })
    );
}

#[test]
fn changes_only_in_unknown_or_read_only_nested_parts_are_not_sent() {
    let before = seed();
    let mut after = before.clone();
    after
        .additional_properties
        .insert("newProperty", &1)
        .unwrap();
    if let Field::Value(address) = &mut after.mailing_address {
        address
            .additional_properties
            .insert("extra", &true)
            .unwrap();
        address.post_office_box = Field::Value("PO 1".into());
    }
    let update = diff(&before, &after).expect("expressible");
    assert!(update.is_empty(), "{:?}", body(&update));
}

#[test]
fn equal_models_give_an_empty_update_that_is_not_sent() {
    let model = seed();
    let update = diff(&model, &model).expect("expressible");
    assert!(update.is_empty());
    let rejected = update.build().unwrap_err();
    assert_eq!(rejected.violations()[0].code.as_str(), "empty_update");
}

#[test]
fn differences_no_update_can_make_are_reported() {
    let before = seed();
    let mut after = before.clone();
    after.mail = Field::Value("new@contoso.edu".into());
    after.display_name = Field::Null;
    after.primary_role = Field::Absent;
    after.related_contacts = Field::Value(vec![RelatedContact::default()]);
    let errors = diff(&before, &after).unwrap_err();
    let found: Vec<(&str, &str)> = errors
        .violations()
        .iter()
        .map(|v| (v.pointer.as_str(), v.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("/displayName", "cannot_clear"),
            ("/primaryRole", "cannot_clear"),
            ("/mail", "read_only_changed"),
            ("/relatedContacts", "needs_own_operation"),
        ]
    );
}

#[test]
fn apply_has_the_services_semantics() {
    let mut model = seed();
    let update = UpdateEducationUser::me()
        .surname("Ng")
        .clear_department()
        .usage_location("DE")
        .mailing_address({
            let mut physical_address = PhysicalAddress::default();
            physical_address.city = Field::Value("Berlin".into());
            physical_address
        });
    update.apply(&mut model);
    assert_eq!(model.surname, Field::Value("Ng".into()));
    assert_eq!(model.department, Field::Null);
    assert_eq!(model.usage_location, Field::Value("DE".into()));
    let address = model.mailing_address.value().expect("replaced");
    assert_eq!(address.city, Field::Value("Berlin".into()));
    assert_eq!(
        address.street,
        Field::Absent,
        "a complex value is replaced whole"
    );
    assert_eq!(
        model.given_name,
        seed().given_name,
        "what the update doesn't set is left as it is"
    );
    assert_eq!(model.mail, seed().mail);
}

fn any_string(alphabet: &'static [&'static str]) -> impl Strategy<Value = String> {
    proptest::sample::select(alphabet).prop_map(str::to_string)
}

/// Models that differ only in what an update can express: read-only properties are equal, and
/// properties that can't be cleared hold a value in both.
fn model(read_only_mail: Field<String>) -> impl Strategy<Value = EducationUser> {
    (
        prop_oneof![
            Just(Field::Absent),
            Just(Field::Null),
            any_string(&["Math", "Art"]).prop_map(Field::Value)
        ],
        any_string(&["Ada", "Grace", "Alan"]),
        proptest::option::of(any::<bool>()),
        proptest::collection::vec(any_string(&["+1 425", "+49 30"]), 0..2),
        proptest::sample::select(vec![
            EducationUserRole::Student,
            EducationUserRole::Teacher,
            EducationUserRole::from("principal"),
        ]),
        proptest::option::of(any_string(&["Oslo", "Lima"])),
        proptest::sample::subsequence(
            vec![
                PasswordPolicy::DisableStrongPassword,
                PasswordPolicy::DisablePasswordExpiration,
            ],
            0..=2,
        ),
        proptest::option::of(any_string(&["seen", "unseen"])),
    )
        .prop_map(
            move |(department, display_name, enabled, phones, role, city, policies, unknown)| {
                let mut user = EducationUser::default();
                user.department = department;
                user.display_name = Field::Value(display_name);
                user.account_enabled = enabled.map_or(Field::Null, Field::Value);
                user.business_phones = Field::Value(phones);
                user.primary_role = Field::Value(role);
                user.mailing_address = city.map_or(Field::Absent, |city| {
                    let mut address = PhysicalAddress::default();
                    address.city = Field::Value(city);
                    Field::Value(address)
                });
                user.password_policies = Field::Value(policies.into_iter().collect::<Flags<_>>());
                user.mail = read_only_mail.clone();
                if let Some(unknown) = unknown {
                    user.additional_properties
                        .insert("unknown", &unknown)
                        .unwrap();
                }
                user
            },
        )
}

/// The writable properties the strategy varies, as an update leaves them: a removed value
/// reads as `null` (a `Field` serializes `Absent` and `Null` alike).
fn writable_view(user: &EducationUser) -> Value {
    json!({
        "department": user.department,
        "displayName": user.display_name,
        "accountEnabled": user.account_enabled,
        "businessPhones": user.business_phones,
        "primaryRole": user.primary_role,
        "mailingAddress": user.mailing_address,
        "passwordPolicies": user.password_policies,
    })
}

proptest! {
    #[test]
    fn apply_of_diff_turns_a_into_b(
        (a, b) in (model(Field::Value("a@contoso.edu".into())), model(Field::Value("a@contoso.edu".into()))),
    ) {
        let update = diff(&a, &b).expect("every difference is expressible");
        let mut applied = a.clone();
        update.apply(&mut applied);
        prop_assert_eq!(writable_view(&applied), writable_view(&b));
        // Nothing unknown is ever sent.
        prop_assert!(!String::from_utf8_lossy(&update.to_json()).contains("unknown"));
    }

    #[test]
    fn the_diff_of_equal_models_is_empty(a in model(Field::Null)) {
        let same = a.clone();
        let update = diff(&a, &same).expect("expressible");
        prop_assert!(update.is_empty());
    }
}
