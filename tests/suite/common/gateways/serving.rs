//! What every fake gateway needs: a loopback server for its router, and request headers as
//! text. (The notifications benchmark includes this file too, beside the fake FCM.)

/// Serves `router` on a fresh loopback port until the test's runtime ends; its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a fake gateway");
    let addr = listener.local_addr().expect("fake gateway address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    format!("http://{addr}")
}

/// A header as text, if present.
pub fn header(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}
