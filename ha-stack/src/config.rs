//! Configuration of the single-region HA stack.
//!
//! Values that must be changeable at deploy time without touching the template are sent as
//! CloudFormation parameters ([`Config::parameters`]); the rest shapes the template itself.

use anyhow::{bail, Result};

/// Top-level domains reserved by RFC 2606 / RFC 6761 / RFC 6762 (never delegated).
const RESERVED_TLDS: &[&str] = &[
    "example",
    "test",
    "invalid",
    "localhost",
    "local",
    "internal",
    "onion",
    "alt",
];

/// Stack configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Environment suffix (`dev`, `pr123`, `prod`).
    pub suffix: String,
    /// NAT gateways, one per AZ up to three (parameter `NatGateways`).
    pub nat_gateways: u8,
    /// Production: deletion protection on, r6g instances.
    pub production: bool,
    /// Public hosted zone name (parameter `DomainName`).
    pub domain: String,
    /// Application container image (parameter `ContainerImage`).
    pub image: String,
    /// ACM certificate ARN; when set an HTTPS listener serves production traffic.
    pub certificate_arn: Option<String>,
    /// Cost tag `Project`.
    pub project: String,
    /// Cost tag `Owner`.
    pub owner: String,
    /// Cost tag `CostCenter`.
    pub cost_center: String,
    /// E-mail subscribed to the alarm and ops topics, when set.
    pub alarm_email: Option<String>,
}

impl Config {
    /// The defaults for `suffix`: production when the suffix is `prod`.
    pub fn new(suffix: &str) -> Self {
        Config {
            suffix: suffix.to_owned(),
            nat_gateways: 3,
            production: suffix == "prod",
            domain: Self::default_domain(suffix),
            image: "public.ecr.aws/nginx/nginx:stable".to_owned(),
            certificate_arn: None,
            project: "tap".to_owned(),
            owner: "platform-team".to_owned(),
            cost_center: "engineering".to_owned(),
            alarm_email: None,
        }
    }

    /// `ha-<suffix>.platform-demo.net`: a syntactically valid, non-reserved name.
    pub fn default_domain(suffix: &str) -> String {
        format!("ha-{suffix}.platform-demo.net")
    }

    /// Rejects values AWS would reject at deploy time.
    pub fn validate(&self) -> Result<()> {
        // The toolkit's suffix grammar, with the longest suffix this stack's own names allow
        // (computed by `stack!{}` from every physical name written in the stack).
        let s = &self.suffix;
        let problems = ha_naming::suffix::problems(
            s,
            crate::HaStack::MAX_SUFFIX,
            "the suffix",
            &format!(
                "with a longer suffix, {}",
                crate::HaStack::MAX_SUFFIX_REASON
            ),
        );
        if let Some((message, fix)) = problems.first() {
            bail!("suffix `{s}` {message}; {fix}");
        }
        if !(1..=3).contains(&self.nat_gateways) {
            bail!(
                "--nat-gateways must be 1, 2 or 3 (got {})",
                self.nat_gateways
            );
        }
        validate_domain(&self.domain)?;
        if let Some(arn) = &self.certificate_arn {
            if !arn.starts_with("arn:") || !arn.contains(":acm:") {
                bail!("--certificate-arn `{arn}` is not an ACM certificate ARN");
            }
        }
        if let Some(e) = &self.alarm_email {
            if !is_email(e) {
                bail!("--alarm-email `{e}` is not an e-mail address");
            }
        }
        if self.image.trim().is_empty() {
            bail!("--image must not be empty");
        }
        Ok(())
    }

    /// Aurora instance class: memory-optimised for production, burstable otherwise.
    pub fn db_instance_class(&self) -> &'static str {
        if self.production {
            "db.r6g.large"
        } else {
            "db.t4g.medium"
        }
    }

    /// Whether deleting the stack also deletes its backups (AWS Backup recovery points and the
    /// final Aurora snapshot): development yes, production no (parameter `DeleteBackupsOnDestroy`).
    pub fn delete_backups_on_destroy(&self) -> bool {
        !self.production
    }

    /// Tasks the service keeps running.
    pub fn desired_count(&self) -> u32 {
        if self.production {
            3
        } else {
            2
        }
    }

    /// CloudFormation parameter values sent on deploy.
    pub fn parameters(&self) -> Vec<(String, String)> {
        let p = |k: &str, v: String| (k.to_owned(), v);
        vec![
            p("NatGateways", self.nat_gateways.to_string()),
            p("DomainName", self.domain.clone()),
            p("ContainerImage", self.image.clone()),
            p(
                "CertificateArn",
                self.certificate_arn.clone().unwrap_or_default(),
            ),
            p("AlarmEmail", self.alarm_email.clone().unwrap_or_default()),
            p("DeletionProtection", self.production.to_string()),
            p(
                "DeleteBackupsOnDestroy",
                self.delete_backups_on_destroy().to_string(),
            ),
            p("DbInstanceClass", self.db_instance_class().to_owned()),
            p("DesiredCount", self.desired_count().to_string()),
        ]
    }

    /// The parameter overrides that switch deletion protection off (`destroy --force`).
    pub fn unprotect_parameters() -> Vec<(String, String)> {
        vec![("DeletionProtection".to_owned(), "false".to_owned())]
    }

    /// The parameter override that lets a stack delete remove its backups (recovery points and
    /// the final Aurora snapshot); for a production destroy only when the operator asks for it.
    pub fn delete_backups_parameters() -> Vec<(String, String)> {
        vec![("DeleteBackupsOnDestroy".to_owned(), "true".to_owned())]
    }

    /// Cost-allocation tags, applied to the stack and every taggable resource.
    pub fn tags(&self) -> Vec<(String, String)> {
        vec![
            ("Project".to_owned(), self.project.clone()),
            ("Environment".to_owned(), self.suffix.clone()),
            ("Owner".to_owned(), self.owner.clone()),
            ("CostCenter".to_owned(), self.cost_center.clone()),
        ]
    }
}

/// `local@domain.tld` without spaces: the shape the `AlarmEmail` parameter's AllowedPattern
/// (`^[^@\s]+@[^@\s]+\.[^@\s]+$`) accepts, checked before anything is sent.
pub fn is_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    let ok = |s: &str| !s.is_empty() && !s.contains('@') && !s.chars().any(char::is_whitespace);
    ok(local)
        && ok(domain)
        && domain
            .rsplit_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
}

/// A public DNS name we can create a hosted zone for: at least two labels, LDH labels,
/// not a bare or reserved top-level domain.
pub fn validate_domain(d: &str) -> Result<()> {
    let labels: Vec<&str> = d.trim_end_matches('.').split('.').collect();
    if d.len() > 253 || labels.len() < 2 {
        bail!("domain `{d}` must be a fully qualified name such as ha-dev.platform-demo.net");
    }
    for l in &labels {
        let ok = !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            bail!("domain `{d}`: label `{l}` is not a valid lowercase DNS label");
        }
    }
    let tld = labels[labels.len() - 1];
    if RESERVED_TLDS.contains(&tld) || tld.chars().all(|c| c.is_ascii_digit()) {
        bail!("domain `{d}` uses the reserved top-level domain `.{tld}`; pick a real one (e.g. ha-dev.platform-demo.net)");
    }
    Ok(())
}
