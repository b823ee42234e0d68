//! The second app: a serverless link shortener in two stacks.
//!
//! - [`stacks::LinksData`]: the link table with its change stream;
//! - [`stacks::LinksApi`]: an HTTP API (API Gateway v2) with a Cognito JWT authorizer, the
//!   redirect function behind it and an audit function reading the table's stream. It lists
//!   `imports: [LinksData]` and reads `LinksData.TableArn`, `LinksData.StreamArn` and
//!   `LinksData.TableName`: the macro checks that those outputs exist and fit where they are
//!   used, and the app exports them from the data stack.

pub mod stacks;
