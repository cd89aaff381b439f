// Read-only properties, and relatedContacts (replaced only by its own operation), have no setter.
use graph_education::operations::UpdateEducationUser;

fn main() {
    let _ = UpdateEducationUser::me().mail("rogelioC@contoso.com");
    let _ = UpdateEducationUser::me().id("13020");
    let _ = UpdateEducationUser::me().assigned_plans(Vec::new());
    let _ = UpdateEducationUser::me().provisioned_plans(Vec::new());
    let _ = UpdateEducationUser::me().created_by(Default::default());
    let _ = UpdateEducationUser::me().refresh_tokens_valid_from_date_time("2025-01-31T08:00:00Z");
    let _ = UpdateEducationUser::me().related_contacts(Vec::new());
}
