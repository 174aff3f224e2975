//! The fields of each action's form on the case page, labelled from the message catalogue
//! (`staff.action.{action}.{field}`, falling back to `staff.field.{field}`).

use redress_app::views::word;
use redress_core::procedure::{Contact, RemedyKind, Stage, Statement};

use super::actions::{Ctx, LEARNING_ROWS, REMEDY_ROWS};
use super::forms::Field;
use super::words::{role, value};

impl Ctx<'_> {
    /// The label of `field` in `action`'s form: the action's own words, or the shared ones.
    pub fn label(&self, action: &str, field: &str) -> String {
        let own = format!("staff.action.{action}.{field}");
        let text = self.m.get(&own);
        if text != own {
            text.to_owned()
        } else {
            self.m.get(&format!("staff.field.{field}")).to_owned()
        }
    }

    fn field(&self, kind: &'static str, action: &str, name: &str) -> Field {
        let hint_key = format!("staff.action.{action}.{name}_hint");
        let hint = self.m.get(&hint_key);
        let field = Field::new(kind, action, name, self.label(action, name));
        if hint == hint_key {
            field
        } else {
            field.hint(hint)
        }
    }

    fn yes_no(&self, action: &str, name: &str) -> Field {
        self.field("radios", action, name).options(vec![
            ("yes".to_owned(), self.m.get("staff.field.yes").to_owned()),
            ("no".to_owned(), self.m.get("staff.field.no").to_owned()),
        ])
    }

    /// The fields of `action`'s form (besides the date it happened).
    pub fn fields(&self, action: &str) -> Vec<Field> {
        let text = |name| self.field("text", action, name);
        let area = |name| self.field("textarea", action, name);
        let stage = self.stage().map(|(_, s)| s);
        match action {
            "decide-scope" => self.scope_fields(),
            "acknowledge" => vec![
                text("handler_name")
                    .autocomplete("off")
                    .width("govuk-input--width-20"),
                self.contact_field("tel", "phone", Statement::Phone)
                    .width("govuk-input--width-20"),
                self.contact_field("email", "email", Statement::Email)
                    .width("govuk-input--width-30"),
            ],
            "assign-handler" => vec![
                text("name").width("govuk-input--width-20"),
                self.field("select", action, "role")
                    .options(self.handler_roles()),
            ],
            "draw-panel" => vec![area("candidates").rows(6), area("declined").rows(3)],
            "start-investigation" | "withdraw" => vec![area("reason")],
            "offer-mediation" => vec![self.field("select", action, "by").options(self.mediators())],
            "record-mediation" => vec![self.yes_no(action, "agreed"), area("summary")],
            "respond" => self.respond_fields(stage),
            "extend-deadline" => vec![
                self.field("date", action, "new_date")
                    .width("govuk-input--width-10"),
                area("reason"),
            ],
            "pause-clock" | "refuse-escalation" | "refer-up" | "warn-behaviour"
            | "terminate-contact" => vec![area("reason")],
            "request-escalation" => self.escalation_fields(stage),
            "pass-on" => vec![
                self.field("radios", action, "to")
                    .options(self.pass_targets()),
            ],
            "close" => {
                let mut fields = Vec::new();
                if self.complaint() && stage.is_some_and(|s| s.escalation.is_some()) {
                    fields.push(self.field("checkbox", action, "complainant_satisfied"));
                }
                fields.push(area("note"));
                fields
            }
            "name-person" => {
                let mut roles = vec![(String::new(), self.m.get("staff.field.no_role").to_owned())];
                roles.extend(
                    self.procedure
                        .roles
                        .keys()
                        .map(|r| (r.to_string(), role(self.procedure, r))),
                );
                vec![
                    text("name").width("govuk-input--width-20"),
                    self.field("select", action, "role").options(roles),
                    text("member_id").width("govuk-input--width-10"),
                ]
            }
            "decide-internal-review" => vec![self.yes_no(action, "needed"), area("note")],
            "refer-externally" => {
                let body = self
                    .procedure
                    .ombudsman
                    .as_ref()
                    .map(|o| o.name.clone())
                    .unwrap_or_default();
                vec![text("body").value(body), area("note")]
            }
            "restrict-contact" => {
                let allowed = self
                    .procedure
                    .behaviour
                    .as_ref()
                    .map(|b| b.restrictions.clone())
                    .unwrap_or_default();
                vec![
                    self.field("checkboxes", action, "restrictions").options(
                        allowed
                            .iter()
                            .map(|r| (word(r), value(self.m, "restriction", r)))
                            .collect(),
                    ),
                    area("reason"),
                    self.field("date", action, "until")
                        .width("govuk-input--width-10"),
                    self.field("date", action, "review_on")
                        .width("govuk-input--width-10"),
                    self.field("checkbox", action, "safety_risk"),
                ]
            }
            "resume-clock" | "publish" => Vec::new(),
            // resolve-informally, send-update, receive-information, reply
            _ => vec![area("summary")],
        }
    }

    /// The acknowledgement's phone or e-mail field: needed when the letter must give one and
    /// the procedure file has none for the handler or the organisation, optional otherwise.
    fn contact_field(&self, kind: &'static str, name: &str, statement: Statement) -> Field {
        let action = "acknowledge";
        let stage = self.stage().map(|(_, s)| s);
        let promised = stage
            .and_then(|s| s.acknowledge.as_ref())
            .is_some_and(|a| a.must_state.contains(&statement));
        let pick = |c: &Contact| match statement {
            Statement::Phone => c.phone.is_some(),
            _ => c.email.is_some(),
        };
        let on_file = pick(&self.procedure.organisation.contact)
            || self.handler_roles().iter().any(|(id, _)| {
                self.procedure
                    .roles
                    .iter()
                    .any(|(role, r)| role.as_str() == id && pick(&r.contact))
            });
        if promised && !on_file {
            let m = self.m;
            Field::new(
                kind,
                action,
                name,
                m.get(&format!("staff.action.acknowledge.{name}_needed")),
            )
            .hint(m.get("staff.action.acknowledge.needed_hint"))
        } else {
            self.field(kind, action, name)
        }
    }

    fn scope_fields(&self) -> Vec<Field> {
        let action = "decide-scope";
        let late = self.case.time_limit.as_ref().is_some_and(|t| t.late);
        let mut decisions = Vec::new();
        for (decision, offered) in [
            ("in-scope", !late),
            ("late-accepted", late),
            ("out-of-time", late),
            ("excluded", !self.procedure.exclusions.is_empty()),
        ] {
            if offered {
                decisions.push((
                    decision.to_owned(),
                    self.m
                        .get(&format!("staff.action.decide-scope.{decision}"))
                        .to_owned(),
                ));
            }
        }
        let mut exclusions = vec![(String::new(), self.m.get("staff.field.choose").to_owned())];
        exclusions.extend(
            self.procedure
                .exclusions
                .iter()
                .map(|e| (e.id.clone(), e.title.clone())),
        );
        let mut fields = vec![self.field("radios", action, "decision").options(decisions)];
        if late {
            fields.push(self.field("textarea", action, "reason"));
        }
        if exclusions.len() > 1 {
            fields.push(
                self.field("select", action, "exclusion")
                    .options(exclusions),
            );
        }
        fields.push(self.field("textarea", action, "note"));
        fields
    }

    fn respond_fields(&self, stage: Option<&Stage>) -> Vec<Field> {
        let action = "respond";
        let m = self.m;
        let outcomes = stage.map(|s| s.outcomes.clone()).unwrap_or_default();
        let mut fields = vec![
            self.field("radios", action, "outcome").options(
                outcomes
                    .iter()
                    .map(|o| (word(o), value(m, "outcome", o)))
                    .collect(),
            ),
        ];
        let modes = stage.map(|s| s.modes.clone()).unwrap_or_default();
        if modes.len() > 1 {
            fields.push(
                self.field("radios", action, "mode").options(
                    modes
                        .iter()
                        .map(|o| (word(o), value(m, "mode", o)))
                        .collect(),
                ),
            );
        }
        fields.push(self.field("textarea", action, "findings").rows(6));
        fields.push(self.field("textarea", action, "how_investigated"));
        let policy = self.procedure.remedies.as_ref();
        let kinds: Vec<RemedyKind> = policy.map(|p| p.kinds.clone()).unwrap_or_else(|| {
            use RemedyKind as R;
            vec![
                R::Apology,
                R::Explanation,
                R::PracticalAction,
                R::Change,
                R::ReviewOfPractice,
                R::Recommendation,
                R::Other,
            ]
        });
        let mut kind_options = vec![(String::new(), m.get("staff.field.choose").to_owned())];
        kind_options.extend(kinds.iter().map(|k| (word(k), value(m, "remedy", k))));
        for row in 1..=REMEDY_ROWS {
            let n = row.to_string();
            let numbered = |f: Field| Field {
                label: m.fill(
                    &format!(
                        "staff.action.respond.{}_n",
                        f.name.split('.').nth(2).unwrap_or_default()
                    ),
                    &[("n", &n)],
                ),
                ..f
            };
            fields.push(
                numbered(Field::new(
                    "select",
                    action,
                    &format!("remedies.{row}.kind"),
                    "",
                ))
                .options(kind_options.clone()),
            );
            fields.push(numbered(Field::new(
                "text",
                action,
                &format!("remedies.{row}.description"),
                "",
            )));
            if policy.is_some_and(|p| p.agreed_by.is_some()) {
                fields.push(
                    numbered(Field::new(
                        "text",
                        action,
                        &format!("remedies.{row}.agreed_by"),
                        "",
                    ))
                    .width("govuk-input--width-20"),
                );
            }
        }
        for row in 1..=LEARNING_ROWS {
            let n = row.to_string();
            let numbered = |f: Field| Field {
                label: m.fill(
                    &format!(
                        "staff.action.respond.learning_{}_n",
                        f.name.split('.').nth(2).unwrap_or_default()
                    ),
                    &[("n", &n)],
                ),
                ..f
            };
            fields.push(numbered(Field::new(
                "text",
                action,
                &format!("learning.{row}.description"),
                "",
            )));
            fields.push(
                numbered(Field::new(
                    "text",
                    action,
                    &format!("learning.{row}.owner"),
                    "",
                ))
                .width("govuk-input--width-20"),
            );
            fields.push(
                numbered(Field::new(
                    "date",
                    action,
                    &format!("learning.{row}.due"),
                    "",
                ))
                .width("govuk-input--width-10"),
            );
        }
        fields
    }

    fn escalation_fields(&self, stage: Option<&Stage>) -> Vec<Field> {
        let action = "request-escalation";
        let escalation = stage.and_then(|s| s.escalation.as_ref());
        let mut fields = Vec::new();
        if let Some(grounds) = escalation.map(|e| &e.grounds).filter(|g| !g.is_empty()) {
            fields.push(
                self.field("checkboxes", action, "grounds").options(
                    grounds
                        .iter()
                        .map(|g| (word(g), value(self.m, "ground", g)))
                        .collect(),
                ),
            );
        }
        fields.push(self.field("textarea", action, "reasons"));
        fields.push(self.field("textarea", action, "outcome_sought"));
        fields.push(self.yes_no(action, "in_writing").value("yes"));
        fields.push(self.field("textarea", action, "late_reason"));
        fields
    }
}
