{
use graph_education::models::{EducationUserProperty as P, PasswordProfile};
use graph_education::operations::{CreateEducationUser, DeleteEducationUser, GetEducationUser};

let profile = PasswordProfile::default();      // with the first password set
let create = CreateEducationUser::users(true, "Ann Ng", "annng", profile, "annng@contoso.com")
    .department("Mathematics")                 // accountEnabled, displayName, mailNickname,
    .build()?;                                 // passwordProfile, userPrincipalName: required

let get = GetEducationUser::users("13020")     // or GetEducationUser::me()
    .select([P::DisplayName, P::PrimaryRole])  // ?$select=displayName,primaryRole
    .build()?;                                 // the response: an EducationUser
let delete = DeleteEducationUser::users("13020").build()?; // answered 204: the response is ()
}
