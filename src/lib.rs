//! zonemap: a fast, server-rendered, embeddable map of China's cross-border e-commerce
//! comprehensive pilot zones. The binary is `src/main.rs`; this library lets tests build the app.

pub mod assets;
pub mod cli;
pub mod data;
pub mod drawing;
pub mod export;
pub mod lang;
pub mod links;
pub mod oembed;
pub mod pages;
pub mod query;
pub mod reload;
pub mod resource;
pub mod serve;
pub mod site;
pub mod ui;
pub mod web;
