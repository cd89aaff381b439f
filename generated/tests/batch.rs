//! JSON batching, sans-IO: any mix of operations split into `$batch` requests of at most 20,
//! whose items are the operations' own requests, and answers mapped back by id.

use graph_education::batch::{Batch, BatchError, ItemError, ItemResponse, MAX_ITEMS};
use graph_education::models::EducationUser;
use graph_education::operations::{
    DeleteEducationUser, GetEducationUser, UpdateEducationUser, UpdateRelatedContacts,
};
use graph_education::requests::{ApiVersion, Cloud, Operation};
use http::StatusCode;
use proptest::prelude::*;
use serde_json::{Value, json};

fn batch_json(request: &http::Request<Vec<u8>>) -> Value {
    serde_json::from_slice(request.body()).expect("a batch body is JSON")
}

/// What the service would answer: each item of `request` with `status` and a body.
fn answer(request: &http::Request<Vec<u8>>, status: u16, body: Value) -> Vec<u8> {
    let responses: Vec<Value> = batch_json(request)["requests"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|item| json!({"id": item["id"], "status": status, "headers": {}, "body": body}))
        .collect();
    serde_json::to_vec(&json!({ "responses": responses })).expect("JSON")
}

#[test]
fn a_mix_of_operations_becomes_one_batch_of_their_own_requests() {
    let mut batch = Batch::new(ApiVersion::Beta, Cloud::Global);
    let update = batch.push(UpdateEducationUser::users("1").department("Art"));
    let contacts = batch.push(UpdateRelatedContacts::users("2", []));
    let get = batch.push(GetEducationUser::users("3"));
    let delete = batch.push(DeleteEducationUser::users("4"));
    let requests = batch.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0].request;
    assert_eq!(request.method(), "POST");
    assert_eq!(request.uri(), "https://graph.microsoft.com/beta/$batch");
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(
        batch_json(request),
        json!({"requests": [
            {"id": "0", "method": "PATCH", "url": "/education/users/1",
             "headers": {"content-type": "application/json"}, "body": {"department": "Art"}},
            {"id": "1", "method": "PATCH", "url": "/education/users/2",
             "headers": {"content-type": "application/json"}, "body": {"relatedContacts": []}},
            {"id": "2", "method": "GET", "url": "/education/users/3"},
            {"id": "3", "method": "DELETE", "url": "/education/users/4"}
        ]})
    );
    assert_eq!(
        [
            update.index(),
            contacts.index(),
            get.index(),
            delete.index()
        ],
        [0, 1, 2, 3]
    );
}

#[test]
fn answers_in_any_order_map_back_to_typed_outcomes() {
    let mut batch = Batch::new(ApiVersion::V1_0, Cloud::Global);
    let update = batch.push(UpdateEducationUser::users("1").department("Art"));
    let delete = batch.push(DeleteEducationUser::users("2"));
    let missing = batch.push(GetEducationUser::users("3"));
    let requests = batch.requests();
    let body = json!({"responses": [
        {"id": "2", "status": 404, "headers": {"request-id": "r-3"},
         "body": {"error": {"code": "Request_ResourceNotFound", "message": "No such user."}}},
        {"id": "1", "status": 204, "body": null},
        {"id": "0", "status": 200, "headers": {"Content-Type": "application/json"},
         "body": {"id": "1", "department": "Art"}}
    ]});
    let answers = requests[0]
        .parse_response(StatusCode::OK, &serde_json::to_vec(&body).expect("JSON"))
        .expect("every item answered once");
    let mut outcomes = batch.outcomes(answers);
    let user: EducationUser = outcomes.take(update).expect("the updated user");
    assert_eq!(user.department.value().map(String::as_str), Some("Art"));
    outcomes.take(delete).expect("a 204");
    let Err(ItemError::Graph(error)) = outcomes.take(missing) else {
        panic!("a Graph error");
    };
    assert_eq!(
        (
            error.status.as_u16(),
            error.code.as_str(),
            error.request_id.as_deref()
        ),
        (404, "Request_ResourceNotFound", Some("r-3"))
    );
    assert!(matches!(outcomes.take(update), Err(ItemError::Taken)));
}

#[test]
fn an_invalid_operation_is_left_out_and_reported_the_rest_still_sent() {
    let mut batch = Batch::new(ApiVersion::V1_0, Cloud::Global);
    let valid = batch.push(UpdateEducationUser::users("1").department("Art"));
    let invalid = batch.push(UpdateEducationUser::users("").usage_location("Germany"));
    let beta_only = batch.push(UpdateRelatedContacts::users("2", []));
    assert_eq!(
        batch.invalid().map(|(index, _)| index).collect::<Vec<_>>(),
        [1, 2]
    );
    let requests = batch.requests();
    assert_eq!(requests[0].indices(), [0]);
    let body = answer(&requests[0].request, 200, json!({"id": "1"}));
    let answers = requests[0]
        .parse_response(StatusCode::OK, &body)
        .expect("read");
    let mut outcomes = batch.outcomes(answers);
    assert!(outcomes.take(valid).is_ok());
    let Err(ItemError::Invalid(errors)) = outcomes.take(invalid) else {
        panic!("invalid");
    };
    assert!(errors.violations().len() >= 2, "{errors}");
    assert!(matches!(
        outcomes.take(beta_only),
        Err(ItemError::Invalid(_))
    ));
}

#[test]
fn answers_that_do_not_match_the_request_are_errors() {
    let mut batch = Batch::new(ApiVersion::V1_0, Cloud::Global);
    batch.push(DeleteEducationUser::users("1"));
    batch.push(DeleteEducationUser::users("2"));
    let request = &batch.requests()[0];
    let read = |body: &str| request.parse_response(StatusCode::OK, body.as_bytes());
    let item = |id: &str| format!(r#"{{"id": "{id}", "status": 204}}"#);
    assert!(matches!(
        read(&format!(r#"{{"responses": [{}, {}]}}"#, item("0"), item("0"))),
        Err(BatchError::DuplicateId(id)) if id == "0"
    ));
    assert!(matches!(
        read(&format!(r#"{{"responses": [{}, {}]}}"#, item("0"), item("7"))),
        Err(BatchError::UnknownId(id)) if id == "7"
    ));
    assert!(matches!(
        read(&format!(r#"{{"responses": [{}, {}]}}"#, item("0"), item("01"))),
        Err(BatchError::UnknownId(id)) if id == "01"
    ));
    assert!(matches!(
        read(&format!(r#"{{"responses": [{}]}}"#, item("1"))),
        Err(BatchError::Missing(missing)) if missing == [0]
    ));
    let truncated = format!(r#"{{"responses": [{}, {{"id": "1", "sta"#, item("0"));
    let Err(BatchError::Body(error)) = read(&truncated) else {
        panic!("a truncated body");
    };
    assert!(error.to_string().contains("EOF"), "{error}");
    assert!(matches!(
        read("<html>busy</html>"),
        Err(BatchError::Body(_))
    ));
    assert!(matches!(read(r#"{"value": []}"#), Err(BatchError::Body(_))));
    let outer = request.parse_response(
        StatusCode::BAD_REQUEST,
        br#"{"error": {"code": "BadRequest", "message": "Invalid batch payload."}}"#,
    );
    let Err(BatchError::Status {
        status,
        error: Some(error),
    }) = outer
    else {
        panic!("the batch failed as a whole");
    };
    assert_eq!((status.as_u16(), error.code.as_str()), (400, "BadRequest"));
}

#[test]
fn a_throttled_item_carries_its_own_retry_after() {
    let answer = ItemResponse {
        status: StatusCode::TOO_MANY_REQUESTS,
        headers: vec![("Retry-After".into(), "0.249".into())],
        body: None,
    };
    assert!(answer.is_throttled());
    assert_eq!(answer.header("retry-after"), Some("0.249"));
}

proptest! {
    /// Any number of operations splits into requests of at most 20 items, in order, whose
    /// items are exactly the operations' own requests; any shuffle of the answers maps back.
    #[test]
    fn any_operations_split_into_batches_of_their_own_requests(
        departments in proptest::collection::vec(proptest::option::of("[a-zA-Z &'/]{0,12}"), 0..70),
        seed in any::<u64>(),
    ) {
        let mut batch = Batch::new(ApiVersion::V1_0, Cloud::Global);
        let mut own = Vec::new();
        for (index, department) in departments.iter().enumerate() {
            let id = format!("u/{index}");
            let request = match department {
                Some(department) => {
                    let update = UpdateEducationUser::users(id.clone()).department(department.clone());
                    batch.push(update.clone());
                    update.into_request(ApiVersion::V1_0, Cloud::Global)
                }
                None => {
                    let delete = DeleteEducationUser::users(id.clone());
                    batch.push(delete.clone());
                    delete.into_request(ApiVersion::V1_0, Cloud::Global)
                }
            };
            own.push(request.expect("valid"));
        }
        let requests = batch.requests();
        prop_assert_eq!(requests.len(), departments.len().div_ceil(MAX_ITEMS));
        let mut seen = 0;
        for request in &requests {
            let items = batch_json(&request.request)["requests"].as_array().cloned().unwrap_or_default();
            prop_assert!(items.len() <= MAX_ITEMS && !items.is_empty());
            for item in &items {
                let index: usize = item["id"].as_str().and_then(|id| id.parse().ok()).expect("an id");
                prop_assert_eq!(index, seen);
                let mine = &own[index];
                prop_assert_eq!(item["method"].as_str(), Some(mine.method().as_str()));
                let url = mine.uri().to_string().replace("https://graph.microsoft.com/v1.0", "");
                prop_assert_eq!(item["url"].as_str(), Some(url.as_str()));
                let body: Option<Value> = (!mine.body().is_empty()).then(|| serde_json::from_slice(mine.body()).expect("JSON"));
                prop_assert_eq!(item.get("body").cloned(), body);
                seen += 1;
            }
            // The answers shuffled: each still reaches its own operation.
            let mut responses: Vec<Value> = items
                .iter()
                .map(|item| json!({"id": item["id"], "status": 204, "headers": {"x-item": item["id"]}}))
                .collect();
            let mut state = seed;
            for i in (1..responses.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                responses.swap(i, (state >> 33) as usize % (i + 1));
            }
            let body = serde_json::to_vec(&json!({"responses": responses})).expect("JSON");
            let answers = request.parse_response(StatusCode::OK, &body).expect("read");
            for (index, answer) in answers {
                let id = index.to_string();
                prop_assert_eq!(answer.header("x-item"), Some(id.as_str()));
            }
        }
        prop_assert_eq!(seen, departments.len());
    }
}
