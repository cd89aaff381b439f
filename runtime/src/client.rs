//! An async client (feature `client`): sends the requests of the operations with a token from a
//! [`TokenSource`], reads the service's error bodies into a [`ClientError`], and retries
//! throttled requests (`429`, `503`, `504`), honouring `Retry-After`.
//!
//! A generated crate names it `client::Client<T>`, with its own `Cloud` filled in.
//!
//! ```no_run
//! use std::time::Duration;
//!
//! use codegen_runtime::client::{AccessToken, Client, ClientError, RetryPolicy};
//! use codegen_runtime::requests::Operation;
//!
//! async fn send<O: Operation + Send>(operation: O) -> Result<O::Response, ClientError> {
//!     let token = AccessToken::new(std::env::var("GRAPH_TOKEN").unwrap_or_default());
//!     let client = Client::<_, O::Cloud>::new(token)?
//!         .timeout(Duration::from_secs(10))
//!         .retry(RetryPolicy { max_attempts: 3, ..RetryPolicy::default() });
//!     client.send(operation).await
//! }
//! ```

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use http::StatusCode;
use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use serde_json::Value;

use futures_util::{Stream, StreamExt, stream};

use crate::batch::{Batch, ItemError, ItemResponse, Outcomes};
pub use crate::graph_error::GraphError;
use crate::model::Model;
use crate::paging::{DeltaItem, DeltaLink, DeltaPage, Entity, Paged, follow};
use crate::requests::{Cloud, Operation};
use crate::{ParseError, Sensitive, ValidationErrors};

/// The error of a [`TokenSource`].
pub type BoxError = Box<dyn StdError + Send + Sync>;

/// A bearer token for the `Authorization` header. `Debug` never shows it.
#[derive(Clone)]
pub struct AccessToken(Sensitive<String>);
impl AccessToken {
    /// Wraps a token, without the `Bearer ` prefix.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(Sensitive::new(token.into()))
    }

    /// The token itself; take care where it goes.
    pub fn secret(&self) -> &str {
        self.0.expose()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// Where the client gets its tokens. It asks before every attempt, so a source that
/// refreshes its token keeps retries working after the token expires.
///
/// A fixed [`AccessToken`] is a source, and so is any `Fn() -> impl Future<Output =
/// Result<AccessToken, BoxError>>`.
pub trait TokenSource: Send + Sync {
    /// A token for the request about to be sent.
    fn token(&self) -> impl Future<Output = Result<AccessToken, BoxError>> + Send;
}

impl TokenSource for AccessToken {
    async fn token(&self) -> Result<AccessToken, BoxError> {
        Ok(self.clone())
    }
}

impl<F, Fut> TokenSource for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<AccessToken, BoxError>> + Send,
{
    fn token(&self) -> impl Future<Output = Result<AccessToken, BoxError>> + Send {
        self()
    }
}

/// When the client retries: only throttling (`429`, `503`, `504`), honouring
/// `Retry-After`, and otherwise after an exponential backoff with jitter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; `1` never retries.
    pub max_attempts: u32,
    /// How long after the first attempt a retry may still start: a wait that would end
    /// later is not begun, and the client gives up at once.
    pub max_elapsed: Duration,
    /// The longest wait before the first retry when the service gives no
    /// `Retry-After`; it doubles with every retry.
    pub initial_backoff: Duration,
    /// The longest wait without `Retry-After`, however many retries came before.
    pub max_backoff: Duration,
}

impl RetryPolicy {
    /// Never retry.
    pub const fn never() -> Self {
        RetryPolicy {
            max_attempts: 1,
            max_elapsed: Duration::ZERO,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::ZERO,
        }
    }

    /// The wait before retry number `retry` (from 1) when the service gives no
    /// `Retry-After`: between half and all of `initial_backoff × 2^(retry - 1)`, capped
    /// at `max_backoff`, at random so that throttled clients don't retry in step.
    pub fn backoff(&self, retry: u32) -> Duration {
        let doubling = 2u32.saturating_pow(retry.saturating_sub(1));
        let ceiling = self
            .initial_backoff
            .saturating_mul(doubling)
            .min(self.max_backoff);
        let half = ceiling / 2;
        half + half.mul_f64(fastrand::f64())
    }
}

impl Default for RetryPolicy {
    /// 5 attempts within 2 minutes; backoff from 1 s up to 32 s.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            max_elapsed: Duration::from_secs(120),
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(32),
        }
    }
}

/// Sends the requests of a generated crate's operations and reads their responses; `C` is
/// that crate's `Cloud`.
///
/// Needs a Tokio runtime with its timer (`#[tokio::main]` has both). Dropping the
/// future of a call cancels its request.
#[derive(Clone)]
pub struct Client<T, C> {
    http: reqwest::Client,
    tokens: T,
    cloud: Option<C>,
    root: Option<reqwest::Url>,
    timeout: Duration,
    retry: RetryPolicy,
}

impl<T, C: fmt::Debug> fmt::Debug for Client<T, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("cloud", &self.cloud)
            .field("root", &self.root.as_ref().map(reqwest::Url::as_str))
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl<T: TokenSource, C: Cloud> Client<T, C> {
    /// A client with its own connection pool; each request times out after 30 s, and
    /// throttled requests are retried by [`RetryPolicy::default`].
    pub fn new(tokens: T) -> Result<Self, ClientError> {
        let http = reqwest::Client::builder()
            .build()
            .map_err(ClientError::Transport)?;
        Ok(Self::with_http_client(http, tokens))
    }

    /// A client on a `reqwest::Client` configured by the caller (proxy, pool, TLS).
    pub fn with_http_client(http: reqwest::Client, tokens: T) -> Self {
        Client {
            http,
            tokens,
            cloud: None,
            root: None,
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
        }
    }

    /// The national cloud to send to; without it, each operation's default.
    pub fn cloud(mut self, cloud: C) -> Self {
        self.cloud = Some(cloud);
        self
    }

    /// Sends every request to `root` instead of its cloud's root URL, keeping the
    /// version and path: for a proxy, or a test server.
    pub fn root(mut self, root: reqwest::Url) -> Self {
        self.root = Some(root);
        self
    }

    /// How long one attempt may take, from connecting to the last byte of the response.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// When throttled requests are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Validates `operation`, then sends it in its default API version and reads the
    /// response.
    pub async fn send<O: Operation<Cloud = C>>(
        &self,
        operation: O,
    ) -> Result<O::Response, ClientError> {
        self.send_for(operation, O::VERSIONS[0]).await
    }

    /// Validates `operation`, then sends it in API `version` and reads the response.
    pub async fn send_for<O: Operation<Cloud = C>>(
        &self,
        operation: O,
        version: O::Version,
    ) -> Result<O::Response, ClientError> {
        let cloud = self.cloud.unwrap_or(O::CLOUDS[0]);
        let request = operation
            .into_request(version, cloud)
            .map_err(ClientError::Invalid)?;
        self.execute::<O>(request).await
    }

    /// Sends a request that `O`'s builder made (`build` or `build_for`) and reads the
    /// response as `O`'s.
    pub async fn execute<O: Operation>(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<O::Response, ClientError> {
        let answer = self.send_with_retries(request).await?;
        O::parse_response(&answer.body).map_err(|error| {
            ClientError::Decode(Box::new(DecodeError {
                status: answer.status,
                request_id: header_text(&answer.headers, "request-id"),
                error,
            }))
        })
    }

    /// Sends a list, then the page after each page, following `@odata.nextLink` exactly as
    /// the service gave it, with the first request's headers, until the last page. The
    /// stream ends after the first error.
    ///
    /// A link to another host than the first request's is refused before anything is sent
    /// to it (`ClientError::Invalid`, code `foreign_link`), so a token never leaves its cloud.
    pub fn pages<O>(
        &self,
        operation: O,
    ) -> impl Stream<Item = Result<O::Response, ClientError>> + '_
    where
        O: Operation<Cloud = C>,
        O::Response: Paged,
    {
        let cloud = self.cloud.unwrap_or(O::CLOUDS[0]);
        let first = operation
            .into_request(O::VERSIONS[0], cloud)
            .map_err(ClientError::Invalid);
        stream::unfold(Some((first, None)), move |state| async move {
            let (first, link) = state?;
            let first = match first {
                Ok(first) => first,
                Err(error) => return Some((Err(error), None)),
            };
            let page = self.page::<O>(&first, link).await;
            let next = match &page {
                Ok(page) => page.next_link().map(|link| link.as_str().to_owned()),
                Err(_) => None,
            };
            Some((page, next.map(|link| (Ok(first), Some(link)))))
        })
    }

    /// The items of every page of a list, in order: [`Client::pages`], flattened.
    pub fn items<O>(
        &self,
        operation: O,
    ) -> impl Stream<Item = Result<<O::Response as Paged>::Item, ClientError>> + '_
    where
        O: Operation<Cloud = C>,
        O::Response: Paged + 'static,
    {
        self.pages(operation).flat_map(|page| {
            let items: Vec<_> = match page {
                Ok(page) => page.into_items().map(Ok).collect(),
                Err(error) => vec![Err(error)],
            };
            stream::iter(items)
        })
    }

    /// Runs a delta round: sends `operation` (a first request, or one made from a stored
    /// delta link), follows every next link, and returns the changes of every page with the
    /// link that ends the round, which resumes the sync later.
    ///
    /// A delta link the service no longer knows (its tokens expire; `410 Gone`, or the
    /// codes `syncStateNotFound` and `resyncRequired`) is [`DeltaSync::Restart`], not an
    /// error: start over with a first request.
    pub async fn delta<O, M>(&self, operation: O) -> Result<DeltaSync<M>, ClientError>
    where
        O: Operation<Cloud = C, Response = DeltaPage<M>>,
        M: Model + Entity + 'static,
    {
        let pages = self.pages(operation);
        futures_util::pin_mut!(pages);
        let mut items = Vec::new();
        while let Some(page) = pages.next().await {
            let page = match page {
                Ok(page) => page,
                Err(error) if needs_restart(&error) => return Ok(DeltaSync::Restart(error)),
                Err(error) => return Err(error),
            };
            items.extend(page.value);
            if let Some(link) = page.delta_link {
                let cloud = self.cloud.unwrap_or(O::CLOUDS[0]);
                let delta_link = DeltaLink::new(self.in_cloud(link.as_str(), cloud.root()));
                return Ok(DeltaSync::Round(DeltaRound { items, delta_link }));
            }
        }
        Err(ClientError::RoundWithoutDeltaLink)
    }

    /// Sends every valid operation of `batch` in `$batch` requests, `concurrency` of them at
    /// a time, and reads each item's answer. Items the service throttles (`429`, `503`,
    /// `504`) go again in a later batch, after the longest `Retry-After` among them (or the
    /// policy's backoff), within the retry policy; then their last answer is their outcome.
    /// `progress` hears the counts after every round.
    ///
    /// Never fails as a whole: a `$batch` request that fails (a `400` for the batch, a
    /// transport error, an answer that can't be read) is the outcome of each of its items.
    pub async fn send_batch<V: crate::requests::ApiVersion>(
        &self,
        batch: Batch<V, C>,
        concurrency: usize,
        mut progress: impl FnMut(&Progress),
    ) -> BatchReport {
        let started = Instant::now();
        let mut state = BatchRun::new(&batch, self.retry.max_attempts);
        let mut pending = batch.ready();
        let mut round = 0;
        while !pending.is_empty() {
            round += 1;
            let requests = batch.requests_for(&pending);
            state.sending(&pending);
            state.progress.batches += requests.len();
            let results: Vec<_> = stream::iter(requests)
                .map(|request| async move {
                    let sent = self.send_with_retries(request.request.clone()).await;
                    (request, sent)
                })
                .buffer_unordered(concurrency.max(1))
                .collect()
                .await;
            for (request, sent) in results {
                let read = sent.map_err(|error| error.to_string()).and_then(|answer| {
                    request
                        .parse_response(answer.status, &answer.body)
                        .map_err(|error| error.to_string())
                });
                match read {
                    Ok(answers) => state.answered(answers, SystemTime::now()),
                    Err(why) => state.failed(request.indices(), &why),
                }
            }
            progress(&state.progress);
            let wait = state
                .wait
                .take()
                .unwrap_or_else(|| self.retry.backoff(round));
            pending = std::mem::take(&mut state.retry);
            if !pending.is_empty() && started.elapsed() + wait > self.retry.max_elapsed {
                state.give_up(&pending);
                progress(&state.progress);
                break;
            }
            if !pending.is_empty() {
                tokio::time::sleep(wait).await;
            }
        }
        state.report(&batch)
    }

    /// One page: `first` itself, or the page at `link`, which a response to it gave.
    async fn page<O: Operation>(
        &self,
        first: &http::Request<Vec<u8>>,
        link: Option<String>,
    ) -> Result<O::Response, ClientError> {
        let request = match link {
            None => first.clone(),
            Some(link) => {
                let uri = first.uri();
                let cloud_root = match (uri.scheme_str(), uri.authority()) {
                    (Some(scheme), Some(authority)) => format!("{scheme}://{authority}"),
                    _ => String::new(),
                };
                follow(&self.in_cloud(&link, &cloud_root), first).map_err(ClientError::Invalid)?
            }
        };
        self.execute::<O>(request).await
    }

    /// A link the service gave, with the client's `root` (where requests really go) put
    /// back to `cloud_root`, as the builders make requests: the same link `root` or not.
    fn in_cloud(&self, link: &str, cloud_root: &str) -> String {
        let Some(root) = &self.root else {
            return link.to_owned();
        };
        let root_text = root.as_str().trim_end_matches('/');
        match link.strip_prefix(root_text) {
            Some(rest) if rest.starts_with('/') => format!("{cloud_root}{rest}"),
            _ => link.to_owned(),
        }
    }

    /// Sends until a response is not throttling, or the retry policy gives up.
    async fn send_with_retries(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> Result<Answer, ClientError> {
        let (parts, body) = request.into_parts();
        let mut prepared = reqwest::Request::try_from(http::Request::from_parts(parts, Vec::new()))
            .map_err(ClientError::Transport)?;
        if let Some(root) = &self.root {
            *prepared.url_mut() = rebase(root, prepared.url());
        }
        let started = Instant::now();
        let mut attempts = 0;
        loop {
            attempts += 1;
            let answer = self.attempt(&prepared, &body).await?;
            if answer.status.is_success() {
                return Ok(answer);
            }
            let throttled = is_throttling(answer.status);
            let retry_after = retry_after(&answer.headers, SystemTime::now());
            let error = answer.into_error();
            if !throttled {
                return Err(error);
            }
            let wait = retry_after.unwrap_or_else(|| self.retry.backoff(attempts));
            if attempts >= self.retry.max_attempts
                || started.elapsed() + wait > self.retry.max_elapsed
            {
                return Err(ClientError::RetriesExhausted {
                    attempts,
                    last: Box::new(error),
                });
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// One attempt: a fresh token, the request, and the whole response body.
    async fn attempt(
        &self,
        prepared: &reqwest::Request,
        body: &[u8],
    ) -> Result<Answer, ClientError> {
        let token = self.tokens.token().await.map_err(ClientError::Token)?;
        let mut authorization = HeaderValue::try_from(format!("Bearer {}", token.secret()))
            .map_err(|_| ClientError::Token("the token is not a valid header value".into()))?;
        authorization.set_sensitive(true);
        let mut request = reqwest::Request::new(prepared.method().clone(), prepared.url().clone());
        *request.headers_mut() = prepared.headers().clone();
        request.headers_mut().insert(AUTHORIZATION, authorization);
        *request.body_mut() = Some(body.to_vec().into());
        *request.timeout_mut() = Some(self.timeout);
        let response = self
            .http
            .execute(request)
            .await
            .map_err(|error| self.transport(error))?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .bytes()
            .await
            .map_err(|error| self.transport(error))?;
        Ok(Answer {
            status,
            headers,
            body: body.to_vec(),
        })
    }

    fn transport(&self, error: reqwest::Error) -> ClientError {
        if error.is_timeout() {
            ClientError::Timeout(self.timeout)
        } else {
            ClientError::Transport(error)
        }
    }
}

/// The counts of a batch run so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Operations in the batch, invalid ones included.
    pub total: usize,
    /// Item requests sent, retries included.
    pub sent: usize,
    /// `$batch` requests sent (HTTP requests; each holds up to 20 items).
    pub batches: usize,
    /// Operations answered with a success.
    pub succeeded: usize,
    /// Operations that failed for good (invalid ones included).
    pub failed: usize,
    /// Throttled items sent again.
    pub retried: usize,
}

/// How every operation of a batch ended, and how many times each was sent.
pub struct BatchReport {
    /// Each operation's outcome, taken by its handle.
    pub outcomes: Outcomes,
    attempts: Vec<u32>,
    /// The counts at the end.
    pub progress: Progress,
}

impl BatchReport {
    /// How many times the operation at `index` was sent (0 for an invalid one).
    pub fn attempts(&self, index: usize) -> u32 {
        self.attempts.get(index).copied().unwrap_or_default()
    }
}

impl fmt::Debug for BatchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BatchReport")
            .field("progress", &self.progress)
            .finish_non_exhaustive()
    }
}

/// The state of a batch run between rounds.
struct BatchRun {
    max_attempts: u32,
    attempts: Vec<u32>,
    answers: Vec<(usize, ItemResponse)>,
    failures: Vec<(usize, String)>,
    /// Throttled items to send in the next round, and the longest wait they asked for.
    retry: Vec<usize>,
    wait: Option<Duration>,
    /// Each throttled item's last answer, its outcome if it is not sent again.
    throttled: Vec<(usize, ItemResponse)>,
    progress: Progress,
}

impl BatchRun {
    fn new<V, C>(batch: &Batch<V, C>, max_attempts: u32) -> Self
    where
        V: crate::requests::ApiVersion,
        C: Cloud,
    {
        let invalid = batch.invalid().count();
        BatchRun {
            max_attempts,
            attempts: vec![0; batch.len()],
            answers: Vec::new(),
            failures: Vec::new(),
            retry: Vec::new(),
            wait: None,
            throttled: Vec::new(),
            progress: Progress {
                total: batch.len(),
                failed: invalid,
                ..Progress::default()
            },
        }
    }

    fn sending(&mut self, indices: &[usize]) {
        for index in indices {
            if let Some(attempts) = self.attempts.get_mut(*index) {
                if *attempts > 0 {
                    self.progress.retried += 1;
                }
                *attempts += 1;
            }
        }
        self.progress.sent += indices.len();
    }

    fn answered(&mut self, answers: Vec<(usize, ItemResponse)>, now: SystemTime) {
        for (index, answer) in answers {
            let attempts = self.attempts.get(index).copied().unwrap_or(u32::MAX);
            if answer.is_throttled() && attempts < self.max_attempts {
                let asked = answer
                    .header("retry-after")
                    .and_then(|value| retry_after_value(value, now));
                if let Some(asked) = asked {
                    self.wait = Some(self.wait.map_or(asked, |wait| wait.max(asked)));
                }
                self.retry.push(index);
                self.throttled.retain(|(known, _)| *known != index);
                self.throttled.push((index, answer));
                continue;
            }
            if answer.status.is_success() {
                self.progress.succeeded += 1;
            } else {
                self.progress.failed += 1;
            }
            self.throttled.retain(|(known, _)| *known != index);
            self.answers.push((index, answer));
        }
    }

    fn failed(&mut self, indices: &[usize], why: &str) {
        self.progress.failed += indices.len();
        self.failures
            .extend(indices.iter().map(|index| (*index, why.to_owned())));
    }

    /// The throttled items that may not wait any longer: their last answer is their outcome.
    fn give_up(&mut self, pending: &[usize]) {
        let (last, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.throttled)
            .into_iter()
            .partition(|(index, _)| pending.contains(index));
        self.throttled = kept;
        self.progress.failed += last.len();
        self.answers.extend(last);
    }

    fn report<V, C>(self, batch: &Batch<V, C>) -> BatchReport
    where
        V: crate::requests::ApiVersion,
        C: Cloud,
    {
        let mut outcomes = batch.outcomes(self.answers);
        for (index, why) in self.failures {
            outcomes.fail(index, ItemError::Unanswered(why));
        }
        BatchReport {
            outcomes,
            attempts: self.attempts,
            progress: self.progress,
        }
    }
}

/// How a delta round ended.
#[derive(Debug)]
#[must_use = "a delta round can end in a restart, which the caller must handle"]
pub enum DeltaSync<T> {
    /// Every page of the round was read.
    Round(DeltaRound<T>),
    /// The service no longer knows the delta link (education tokens last 7 days): start a
    /// new round with a first request and rebuild the local copy from it. Holds the
    /// response that said so.
    Restart(ClientError),
}

/// The changes of a delta round, and the link to resume from.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct DeltaRound<T> {
    /// Every change of every page, in order; the same item may come more than once.
    pub items: Vec<DeltaItem<T>>,
    /// Store it, and follow it (the delta operation's `from_link`) for what changed since.
    pub delta_link: DeltaLink,
}

/// Whether a delta round's error means its link is no longer valid.
fn needs_restart(error: &ClientError) -> bool {
    const CODES: [&str; 2] = ["syncStateNotFound", "resyncRequired"];
    if error.status() == Some(StatusCode::GONE) {
        return true;
    }
    let Some(graph) = error.graph_error() else {
        return false;
    };
    let mut inner = Some(&graph.inner_error);
    let mut codes = vec![graph.code.as_str()];
    while let Some(map) = inner {
        codes.extend(map.get("code").and_then(Value::as_str));
        inner = map.get("innerError").and_then(Value::as_object);
    }
    codes
        .iter()
        .any(|code| CODES.iter().any(|known| known.eq_ignore_ascii_case(code)))
}

/// A whole response.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    /// The error an unsuccessful response stands for.
    fn into_error(self) -> ClientError {
        let request_id = header_text(&self.headers, "request-id");
        match GraphError::parse(self.status, &self.body, request_id.clone()) {
            Ok(error) => ClientError::Graph(Box::new(error)),
            Err(problem) => ClientError::UnreadableError(Box::new(UnreadableError {
                status: self.status,
                request_id,
                content_type: header_text(&self.headers, CONTENT_TYPE.as_str()),
                problem,
            })),
        }
    }
}

fn is_throttling(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// The wait a `Retry-After` header asks for.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    retry_after_value(headers.get(RETRY_AFTER)?.to_str().ok()?, now)
}

/// The wait a `Retry-After` value asks for: seconds, which Graph sends with a fraction
/// (`0.249`), or an HTTP date.
fn retry_after_value(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }

    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name)?.to_str().ok().map(str::to_owned)
}

/// `url` with its scheme, host and port from `root`, and `root`'s path before its own.
fn rebase(root: &reqwest::Url, url: &reqwest::Url) -> reqwest::Url {
    let mut rebased = root.clone();
    rebased.set_path(&format!(
        "{}{}",
        root.path().trim_end_matches('/'),
        url.path()
    ));
    rebased.set_query(url.query());
    rebased
}

/// A successful response whose body doesn't fit the operation's response model.
#[derive(Debug)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `request-id` header.
    pub request_id: Option<String>,
    /// What is wrong, and where (a JSON pointer).
    pub error: ParseError,
}

/// An error response whose body is not in Graph's shape: a proxy's page, an empty or
/// truncated document. The body itself is left out, as it may hold personal data.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct UnreadableError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The `request-id` header.
    pub request_id: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// What is wrong with the body.
    pub problem: String,
}

/// Why a call failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError {
    /// The request breaks a rule of the spec; nothing was sent.
    Invalid(ValidationErrors),
    /// The token source failed; nothing was sent.
    Token(BoxError),
    /// The request could not be sent, or its response not received whole.
    Transport(reqwest::Error),
    /// An attempt took longer than the client's timeout, and was abandoned.
    Timeout(Duration),
    /// The service answered with an error in Graph's shape.
    Graph(Box<GraphError>),
    /// A successful response whose body doesn't fit the response model.
    Decode(Box<DecodeError>),
    /// An error response whose body is not in Graph's shape.
    UnreadableError(Box<UnreadableError>),
    /// A delta round whose last page has neither a next link nor a delta link.
    RoundWithoutDeltaLink,
    /// Throttled on every attempt the retry policy allowed, or told to wait longer than
    /// it allows; `last` is the last response.
    RetriesExhausted {
        /// Attempts made, the first included.
        attempts: u32,
        /// The error of the last attempt.
        last: Box<ClientError>,
    },
}

impl ClientError {
    /// The HTTP status of the (last) response, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            ClientError::Graph(error) => Some(error.status),
            ClientError::Decode(error) => Some(error.status),
            ClientError::UnreadableError(error) => Some(error.status),
            ClientError::RetriesExhausted { last, .. } => last.status(),
            _ => None,
        }
    }

    /// The Graph error of the (last) response, if it was one.
    pub fn graph_error(&self) -> Option<&GraphError> {
        match self {
            ClientError::Graph(error) => Some(error),
            ClientError::RetriesExhausted { last, .. } => last.graph_error(),
            _ => None,
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Invalid(errors) => {
                write!(f, "the request is invalid, nothing was sent: {errors}")
            }
            ClientError::Token(error) => {
                write!(f, "no access token, nothing was sent: {error}")
            }
            ClientError::Transport(error) => write!(f, "the request failed: {error}"),
            ClientError::Timeout(timeout) => {
                write!(f, "no whole response within {timeout:?}")
            }
            ClientError::Graph(error) => error.fmt(f),
            ClientError::Decode(error) => {
                write!(
                    f,
                    "the {} response does not fit the model: {}",
                    error.status, error.error
                )?;
                request_id_suffix(f, error.request_id.as_deref())
            }
            ClientError::UnreadableError(error) => {
                let content_type = error.content_type.as_deref().unwrap_or("none");
                write!(
                    f,
                    "Graph answered {} with a body that is not a Graph error ({}; content type {content_type})",
                    error.status, error.problem,
                )?;
                request_id_suffix(f, error.request_id.as_deref())
            }
            ClientError::RoundWithoutDeltaLink => {
                f.write_str("a delta round ended without a delta link")
            }
            ClientError::RetriesExhausted { attempts, last } => {
                write!(
                    f,
                    "gave up after {attempts} throttled attempts; the last: {last}"
                )
            }
        }
    }
}

fn request_id_suffix(f: &mut fmt::Formatter<'_>, request_id: Option<&str>) -> fmt::Result {
    match request_id {
        Some(request_id) => write!(f, " (request id {request_id})"),
        None => Ok(()),
    }
}

impl StdError for ClientError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            ClientError::Invalid(errors) => Some(errors),
            ClientError::Token(error) => Some(error.as_ref()),
            ClientError::Transport(error) => Some(error),
            ClientError::Graph(error) => Some(error.as_ref()),
            ClientError::Decode(error) => Some(&error.error),
            ClientError::RetriesExhausted { last, .. } => Some(last.as_ref()),
            ClientError::Timeout(_)
            | ClientError::UnreadableError(_)
            | ClientError::RoundWithoutDeltaLink => None,
        }
    }
}
