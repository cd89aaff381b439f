// Properties that can't be null have no way to send null.
use graph_education::Field;
use graph_education::operations::UpdateEducationUser;

fn main() {
    let _ = UpdateEducationUser::me().clear_display_name();
    let _ = UpdateEducationUser::me().clear_usage_location();
    let _ = UpdateEducationUser::me().clear_primary_role();
    let _ = UpdateEducationUser::me().clear_business_phones();
    let _ = UpdateEducationUser::me().clear_assigned_licenses();
    let _ = UpdateEducationUser::me().display_name(Field::<String>::Null);
    let _ = UpdateEducationUser::me().usage_location(None::<String>);
}
