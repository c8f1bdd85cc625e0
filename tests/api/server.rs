//! Connection-level behaviour: header timeout, graceful shutdown.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{TestApp, test_config};

#[tokio::test]
async fn slow_headers_are_cut_off() {
    let mut config = test_config();
    config.server.header_read_timeout = staffroom::config::Dur::millis(500);
    let app = TestApp::spawn_with(config).await;
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "the server kept a connection with unfinished headers open");
    assert!(started.elapsed() < Duration::from_secs(3));

    // An idle keep-alive connection is closed too.
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(b"GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n").await.unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buf)).await;
    assert!(read.is_ok(), "idle keep-alive connection was not closed");
    assert!(String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn in_flight_requests_finish_on_shutdown() {
    let mut app = TestApp::spawn().await;
    let client = app.client.clone();
    let url = app.url("/api/v1/test/slow");
    let slow = tokio::spawn(async move { client.get(url).send().await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.begin_stop();
    let response = slow.await.unwrap().expect("in-flight request completes");
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<serde_json::Value>().await.unwrap()["data"], "done");
    app.wait_stopped().await;
    // Stopped: new connections are refused.
    assert!(tokio::net::TcpStream::connect(app.addr).await.is_err());
}
