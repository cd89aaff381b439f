{
use graph_education::operations::UpdateEducationUser;
use graph_education::requests::{ApiVersion, Cloud};

let request = UpdateEducationUser::users("13020")
    .display_name("Rogelio Cazares")   // can't be cleared: there is no clear_display_name()
    .clear_department()                // sends "department": null
    .usage_location("DE")              // checked against ISO 3166-1 alpha-2
    .build_for(ApiVersion::V1_0, Cloud::Global)?; // or .build(): the first version and cloud
// An http::Request<Vec<u8>>: add `Authorization: Bearer {token}` and send it.
}
