//! `$filter` tests only the properties the spec marks filterable (`id` is not), and
//! `starts_with` only on strings.

use graph_education::models::EducationUserFilter as F;
use graph_education::operations::ListEducationUsers;

fn main() {
    let _ = ListEducationUsers::users().filter(F::ID.eq("1"));
    let _ = ListEducationUsers::users().filter(F::ACCOUNT_ENABLED.starts_with("t"));
}
