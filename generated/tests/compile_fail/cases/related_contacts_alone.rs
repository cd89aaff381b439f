// The relatedContacts update sets nothing but the whole list, and only for /education/users/{id}.
use graph_education::operations::UpdateRelatedContacts;

fn main() {
    let _ = UpdateRelatedContacts::users("13020", Vec::new()).display_name("Rogelio Cazares");
    let _ = UpdateRelatedContacts::users("13020", Vec::new()).clear_department();
    let _ = UpdateRelatedContacts::me(Vec::new());
    let _ = UpdateRelatedContacts::users("13020");
}
