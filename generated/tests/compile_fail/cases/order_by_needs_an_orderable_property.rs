//! `$orderby` takes only the properties the spec marks orderable: `department` is not.

use graph_education::models::EducationUserOrderBy;
use graph_education::operations::ListEducationUsers;
use graph_education::query::Direction;

fn main() {
    let _ = ListEducationUsers::users()
        .order_by(EducationUserOrderBy::DisplayName, Direction::Ascending)
        .order_by(EducationUserOrderBy::Department, Direction::Descending);
}
