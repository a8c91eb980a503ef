//! Key figures, indicators, assignments and indicator histories as downloads: one row per
//! item, the unit in a column of its own (items of one block may differ), the period as the
//! report writes it and in ISO 8601, and whether a status was derived by the site.

use super::csv;
use super::resource::{Field, FieldType, Resource, unique_names};
use crate::model::assignment::AssignmentSet;
use crate::model::blocks::KeyFigures;
use crate::model::history::IndicatorHistory;
use crate::model::indicator::IndicatorSet;
use crate::model::{Period, Site, StatedStatus, Status, Unit};
use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

fn dec(d: Decimal) -> Value {
    Value::String(d.to_string())
}

fn opt_dec(d: Option<Decimal>) -> Value {
    d.map(dec).unwrap_or(Value::Null)
}

fn status_json(s: Option<&StatedStatus>) -> Value {
    s.map(|s| json!({ "status": s.status.name(), "ord": s.word }))
        .unwrap_or(Value::Null)
}

fn opt_text(s: Option<&str>) -> String {
    csv::text(s.unwrap_or(""))
}

fn period_cells(p: Option<&Period>) -> [String; 2] {
    [
        csv::text(&p.map(|p| p.label()).unwrap_or_default()),
        p.map(|p| p.iso()).unwrap_or_default(),
    ]
}

fn period_fields() -> [Field; 2] {
    [
        Field::new(
            "Period",
            FieldType::String,
            "Perioden som värdet gäller, som rapporten skriver den.",
        ),
        Field::new(
            "Period (ISO 8601)",
            FieldType::String,
            "Perioden som år (2023), månader (2024-01/2024-04) eller dag (2023-12-31).",
        ),
    ]
}

fn unit_field() -> Field {
    Field::new("Enhet", FieldType::String, "Enheten för radens värden.")
}

fn status_fields(what: &str) -> [Field; 2] {
    [
        Field::new(
            "Status",
            FieldType::String,
            format!("{what}s status med rapportens eget ord."),
        ),
        Field::new(
            "Bedömning",
            FieldType::String,
            "Vad statusen betyder, med webbplatsens ord för alla rapporter.",
        )
        .values(Status::names()),
    ]
}

fn status_cells(s: Option<&StatedStatus>) -> [String; 2] {
    [
        opt_text(s.map(|s| s.word.as_str())),
        s.map(|s| s.status.name().to_string()).unwrap_or_default(),
    ]
}

fn finish(
    name: String,
    title: String,
    mut fields: Vec<Field>,
    rows: Vec<Vec<String>>,
    json: Map<String, Value>,
    units: Vec<Unit>,
    periods: Vec<Period>,
) -> Resource {
    unique_names(&mut fields);
    let mut units = units;
    units.sort_by_key(|u| u.symbol());
    units.dedup();
    Resource {
        name,
        title,
        description: String::new(),
        fields,
        rows,
        json: Value::Object(json),
        tree: None,
        units,
        periods,
    }
}

pub fn key_figures(k: &KeyFigures, name: String, title: String, mut json: Map<String, Value>) -> Resource {
    let mut fields = vec![
        Field::new("Nyckeltal", FieldType::String, "Nyckeltalets namn, som i rapporten.").required(),
        Field::new("Värde", FieldType::Number, "Värdet, i enheten i kolumnen Enhet."),
        unit_field(),
    ];
    fields.extend(period_fields());
    let rows = k
        .items
        .iter()
        .map(|f| {
            let mut r = vec![
                csv::text(&f.name),
                csv::number(f.value.value),
                opt_text(f.unit.map(|u| u.symbol())),
            ];
            r.extend(period_cells(f.period.as_ref()));
            r
        })
        .collect();
    json.insert("titel".into(), json!(k.title));
    json.insert(
        "nyckeltal".into(),
        k.items
            .iter()
            .map(|f| json!({"namn": f.name, "värde": dec(f.value.value), "enhet": f.unit.map(|u| u.symbol()), "period": f.period.as_ref().map(|p| p.iso())}))
            .collect(),
    );
    let units = k.items.iter().filter_map(|f| f.unit).collect();
    let periods = k.items.iter().filter_map(|f| f.period.clone()).collect();
    finish(name, title, fields, rows, json, units, periods)
}

pub fn indicators(set: &IndicatorSet, name: String, title: String, mut json: Map<String, Value>) -> Resource {
    let mut fields = vec![
        Field::new("Id", FieldType::String, "Indikatorns id, detsamma i alla rapporter."),
        Field::new("Indikator", FieldType::String, "Indikatorns namn, som i rapporten.").required(),
    ];
    fields.extend(period_fields());
    fields.extend([
        Field::new("Utfall", FieldType::Number, "Utfallet, i enheten i kolumnen Enhet."),
        Field::new("Målvärde", FieldType::Number, "Målvärdet, i enheten i kolumnen Enhet."),
        unit_field(),
    ]);
    fields.extend(status_fields("Indikatorn"));
    fields.push(Field::new(
        "Status beräknad",
        FieldType::Boolean,
        "ja: rapporten anger ingen status; webbplatsen har jämfört utfall och mål. nej: statusen står i rapporten.",
    ));
    let rows = set
        .items
        .iter()
        .map(|i| {
            let mut r = vec![opt_text(i.id.as_deref()), csv::text(&i.name)];
            r.extend(period_cells(i.period.as_ref()));
            r.extend([
                i.outcome.map(|f| csv::number(f.value)).unwrap_or_default(),
                i.target.map(|f| csv::number(f.value)).unwrap_or_default(),
                opt_text(i.unit.map(|u| u.symbol())),
            ]);
            r.extend(status_cells(i.status.as_ref()));
            r.push(if i.status.is_some() {
                csv::boolean(i.status_derived)
            } else {
                String::new()
            });
            r
        })
        .collect();
    json.insert("titel".into(), json!(set.title));
    json.insert(
        "indikatorer".into(),
        set.items
            .iter()
            .map(|i| json!({
                "id": i.id, "namn": i.name, "period": i.period.as_ref().map(|p| p.iso()), "utfall": opt_dec(i.outcome.map(|f| f.value)), "mål": opt_dec(i.target.map(|f| f.value)),
                "enhet": i.unit.map(|u| u.symbol()), "status": status_json(i.status.as_ref()), "status_härledd": i.status_derived, "kolada": i.kolada,
                "tidigare": i.earlier.iter().map(|e| json!({"period": e.period.iso(), "utfall": dec(e.outcome.value), "mål": opt_dec(e.target.map(|f| f.value))})).collect::<Vec<_>>(),
            }))
            .collect(),
    );
    let units = set.items.iter().filter_map(|i| i.unit).collect();
    let mut periods: Vec<Period> = set.items.iter().filter_map(|i| i.period.clone()).collect();
    periods.extend(
        set.items
            .iter()
            .flat_map(|i| i.earlier.iter().map(|e| e.period.clone())),
    );
    finish(name, title, fields, rows, json, units, periods)
}

pub fn assignments(set: &AssignmentSet, name: String, title: String, mut json: Map<String, Value>) -> Resource {
    let mut fields = vec![
        Field::new("Kod", FieldType::String, "Uppdragets kod i rapporten."),
        Field::new("Uppdrag", FieldType::String, "Uppdraget, som i rapporten.").required(),
        Field::new(
            "Aktivitet",
            FieldType::String,
            "En aktivitet inom uppdraget; tom på uppdragets egen rad.",
        ),
    ];
    fields.extend(status_fields("Uppdraget"));
    fields.extend([
        Field::new(
            "Status beräknad",
            FieldType::Boolean,
            "ja: rapporten anger ingen status för uppdraget; webbplatsen har räknat fram den ur aktiviteternas. nej: statusen står i rapporten.",
        ),
        Field::new("Ansvarig", FieldType::String, ""),
        Field::new("Tidsplan", FieldType::String, ""),
        Field::new("Kommentar", FieldType::String, ""),
    ]);
    let mut rows = Vec::new();
    for a in &set.items {
        let mut r = vec![opt_text(a.code.as_deref()), csv::text(&a.title), String::new()];
        r.extend(status_cells(a.status.as_ref()));
        r.push(if a.status.is_some() {
            csv::boolean(a.status_derived)
        } else {
            String::new()
        });
        r.extend([
            opt_text(a.responsible.as_deref()),
            opt_text(a.timeline.as_deref()),
            opt_text(a.comment.as_deref()),
        ]);
        rows.push(r);
        for x in &a.activities {
            let mut r = vec![opt_text(a.code.as_deref()), csv::text(&a.title), csv::text(&x.title)];
            r.extend(status_cells(x.status.as_ref()));
            r.push(if x.status.is_some() {
                csv::boolean(false)
            } else {
                String::new()
            });
            r.extend([
                opt_text(x.responsible.as_deref()),
                opt_text(x.timeline.as_deref()),
                opt_text(x.comment.as_deref()),
            ]);
            rows.push(r);
        }
    }
    json.insert("titel".into(), json!(set.title));
    json.insert(
        "uppdrag".into(),
        set.items
            .iter()
            .map(|a| json!({
                "id": a.id, "kod": a.code, "titel": a.title, "status": status_json(a.status.as_ref()), "status_beräknad": a.status_derived,
                "ansvarig": a.responsible, "tidsplan": a.timeline, "kommentar": a.comment,
                "aktiviteter": a.activities.iter().map(|x| json!({"titel": x.title, "status": status_json(x.status.as_ref()), "ansvarig": x.responsible, "tidsplan": x.timeline, "kommentar": x.comment})).collect::<Vec<_>>(),
            }))
            .collect(),
    );
    finish(name, title, fields, rows, json, Vec::new(), Vec::new())
}

pub fn history(site: &Site, h: &IndicatorHistory, name: String, mut json: Map<String, Value>) -> Resource {
    let mut fields = period_fields().to_vec();
    fields.extend([
        Field::new("Utfall", FieldType::Number, "Utfallet, i enheten i kolumnen Enhet."),
        Field::new("Målvärde", FieldType::Number, "Målvärdet, i enheten i kolumnen Enhet."),
        unit_field(),
        Field::new(
            "Bedömning",
            FieldType::String,
            "Vad statusen betyder, med webbplatsens ord.",
        )
        .values(Status::names()),
        Field::new("Källa", FieldType::String, "Rapporten som värdet är hämtat ur."),
        Field::new(
            "Ur senare rapport",
            FieldType::Boolean,
            "ja: värdet står som ett tidigare års värde i en senare rapport, inte som rapportens eget utfall.",
        ),
    ]);
    let rows = h
        .observations
        .iter()
        .map(|o| {
            let src = o
                .report
                .map(|r| site.reports[r].label())
                .unwrap_or_else(|| site.nodes[o.node].title.clone());
            let mut r = period_cells(Some(&o.period)).to_vec();
            r.extend([
                o.outcome.map(csv::number).unwrap_or_default(),
                o.target.map(csv::number).unwrap_or_default(),
                opt_text(h.unit.map(|u| u.symbol())),
                o.status
                    .as_ref()
                    .map(|s| s.status.name().to_string())
                    .unwrap_or_default(),
                csv::text(&src),
                csv::boolean(o.earlier),
            ]);
            r
        })
        .collect();
    json.insert("id".into(), json!(h.id));
    json.insert("namn".into(), json!(h.name));
    json.insert("enhet".into(), json!(h.unit.map(|u| u.symbol())));
    json.insert("kolada".into(), json!(h.kolada));
    json.insert(
        "värden".into(),
        h.observations
            .iter()
            .map(|o| json!({
                "period": o.period.iso(), "utfall": opt_dec(o.outcome), "mål": opt_dec(o.target), "status": o.status.as_ref().map(|s| s.status.name()), "statusord": o.status.as_ref().map(|s| s.word.clone()),
                "källa": site.config.absolute_url(&site.nodes[o.node].path), "uppgift_i_senare_rapport": o.earlier,
            }))
            .collect(),
    );
    let periods = h.observations.iter().map(|o| o.period.clone()).collect();
    let title = format!("{} över tid", h.name);
    finish(name, title, fields, rows, json, h.unit.into_iter().collect(), periods)
}
