// A create takes the properties required on creation as its constructor's arguments: without
// one of them it doesn't compile, they have no setters, and nothing can be cleared.
use graph_education::models::PasswordProfile;
use graph_education::operations::CreateEducationUser;

fn main() {
    let _ = CreateEducationUser::users(true, "Ann", "ann", PasswordProfile::default());
    let _ = CreateEducationUser::users(true, "Ann", "ann", PasswordProfile::default(), "a@b.c")
        .display_name("Another");
    let _ = CreateEducationUser::users(true, "Ann", "ann", PasswordProfile::default(), "a@b.c")
        .clear_department();
    let _ = CreateEducationUser::users(true, "Ann", "ann", PasswordProfile::default(), "a@b.c")
        .mail("ann@contoso.com");
}
