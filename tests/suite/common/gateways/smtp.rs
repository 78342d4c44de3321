//! A tiny SMTP sink on a loopback port: speaks just enough SMTP for lettre and keeps every
//! message it accepts.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message the sink accepted.
#[derive(Debug, Clone, Default)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
}

fn first_word(s: &str) -> String {
    s.split_whitespace().next().unwrap_or("").to_string()
}

/// Speaks just enough SMTP (220, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and keeps
/// every message. Returns its port and the messages.
pub async fn smtp_sink() -> (u16, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox = Arc::new(Mutex::new(Vec::new()));
    let keep = inbox.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let inbox = keep.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 sink.test ESMTP\r\n").await.ok();
                let mut current = Received::default();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 sink.test\r\n"
                    } else if upper.starts_with("MAIL FROM:") {
                        current = Received {
                            from: first_word(&line[10..]),
                            ..Default::default()
                        };
                        b"250 OK\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        current.to.push(first_word(&line[8..]));
                        b"250 OK\r\n"
                    } else if upper == "DATA" {
                        write.write_all(b"354 end with .\r\n").await.ok();
                        let mut data = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            data.push_str(&l);
                            data.push('\n');
                        }
                        current.data = data;
                        inbox.lock().unwrap().push(std::mem::take(&mut current));
                        b"250 queued\r\n"
                    } else if upper == "QUIT" {
                        write.write_all(b"221 bye\r\n").await.ok();
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    if write.write_all(reply).await.is_err() {
                        break;
                    }
                }
            });
        }
    });
    (port, inbox)
}
