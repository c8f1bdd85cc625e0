//! A small pool of read-only connections; queries run on tokio's blocking threads, never on
//! the async workers.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};

use rusqlite::Connection;
use tokio::sync::Semaphore;

use crate::http::ApiError;

pub struct ReadPool {
    idle: Mutex<Vec<Connection>>,
    permits: Semaphore,
    size: usize,
}

impl ReadPool {
    pub fn new(connections: Vec<Connection>) -> Arc<ReadPool> {
        let size = connections.len();
        Arc::new(ReadPool { idle: Mutex::new(connections), permits: Semaphore::new(size), size })
    }

    pub fn size(&self) -> usize {
        self.size
    }

    pub fn idle(&self) -> usize {
        self.permits.available_permits()
    }

    pub async fn read<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self.permits.acquire().await.map_err(|_| ApiError::unavailable("the read pool is closed"))?;
        // The permit goes back with the connection, inside the blocking task: when the caller
        // is dropped mid-query (a client that hung up), the task runs on, and a permit freed
        // early would let another reader find no idle connection.
        permit.forget();
        let Some(conn) = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop() else {
            self.permits.add_permits(1);
            return Err(ApiError::internal("read pool permit without a connection"));
        };
        let pool = self.clone();
        tokio::task::spawn_blocking(move || {
            let result = catch_unwind(AssertUnwindSafe(|| work(&conn)))
                .unwrap_or_else(|_| Err(ApiError::internal("read job panicked")));
            pool.idle.lock().unwrap_or_else(|p| p.into_inner()).push(conn);
            pool.permits.add_permits(1);
            result
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Closes every idle connection (at shutdown, after the server stopped).
    pub fn close(&self) {
        self.permits.close();
        self.idle.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}
