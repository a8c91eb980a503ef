//! One downloadable table: its fields (with unit and period), its CSV rows and its JSON, and
//! the Frictionless Table Schema that describes the CSV.

use super::csv;
use crate::model::{Period, Unit};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Number,
    Boolean,
}

/// A column of the CSV.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub ty: FieldType,
    pub description: String,
    pub unit: Option<Unit>,
    pub period: Option<Period>,
    /// The values a text field may take.
    pub values: Option<Vec<String>>,
    pub required: bool,
    /// More about the column, in Swedish keys (`roll`, `grupp`, `formel` …).
    pub more: Map<String, Value>,
}

impl Field {
    pub fn new(name: impl Into<String>, ty: FieldType, description: impl Into<String>) -> Field {
        Field {
            name: name.into(),
            ty,
            description: description.into(),
            unit: None,
            period: None,
            values: None,
            required: false,
            more: Map::new(),
        }
    }

    pub fn unit(mut self, unit: Option<Unit>) -> Field {
        self.unit = unit;
        self
    }

    pub fn period(mut self, period: Option<Period>) -> Field {
        self.period = period;
        self
    }

    pub fn values<S: Into<String>>(mut self, values: impl IntoIterator<Item = S>) -> Field {
        self.values = Some(values.into_iter().map(Into::into).collect());
        self
    }

    pub fn required(mut self) -> Field {
        self.required = true;
        self
    }

    /// The Table Schema field descriptor.
    fn descriptor(&self) -> Value {
        let mut f = Map::new();
        f.insert("name".into(), json!(self.name));
        let ty = match self.ty {
            FieldType::String => "string",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
        };
        f.insert("type".into(), json!(ty));
        if !self.description.is_empty() {
            f.insert("description".into(), json!(self.description));
        }
        match self.ty {
            FieldType::Number => {
                f.insert("decimalChar".into(), json!(","));
            }
            FieldType::Boolean => {
                f.insert("trueValues".into(), json!([csv::YES]));
                f.insert("falseValues".into(), json!([csv::NO]));
            }
            _ => {}
        }
        let mut constraints = Map::new();
        if self.required {
            constraints.insert("required".into(), json!(true));
        }
        if let Some(v) = &self.values {
            constraints.insert("enum".into(), json!(v));
        }
        if !constraints.is_empty() {
            f.insert("constraints".into(), Value::Object(constraints));
        }
        if let Some(u) = self.unit {
            f.insert("enhet".into(), json!(u.symbol()));
        }
        if let Some(p) = &self.period {
            f.insert("period".into(), json!(p.iso()));
        }
        f.extend(self.more.clone());
        Value::Object(f)
    }
}

/// A table ready to be written as CSV and JSON and listed in a data package.
#[derive(Debug, Clone)]
pub struct Resource {
    /// Unique across the site; the stem of the file names.
    pub name: String,
    pub title: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// The CSV rows after the header, already in the CSV dialect.
    pub rows: Vec<Vec<String>>,
    pub json: Value,
    /// Rows numbered and tied to a parent row: (the number field, the parent field).
    pub tree: Option<(String, String)>,
    /// Units the table's figures are in, for the catalog's themes.
    pub units: Vec<Unit>,
    /// Periods the table's figures cover, for the catalog's time period.
    pub periods: Vec<Period>,
}

impl Resource {
    pub fn csv(&self) -> Vec<u8> {
        let mut rows = Vec::with_capacity(self.rows.len() + 1);
        rows.push(self.fields.iter().map(|f| csv::text(&f.name)).collect());
        rows.extend(self.rows.iter().cloned());
        csv::file(&rows)
    }

    /// The Frictionless Table Schema of the CSV.
    pub fn schema(&self) -> Value {
        let mut s = Map::new();
        s.insert(
            "fields".into(),
            Value::Array(self.fields.iter().map(Field::descriptor).collect()),
        );
        s.insert("missingValues".into(), json!(csv::MISSING));
        if let Some((key, parent)) = &self.tree {
            s.insert("primaryKey".into(), json!([key]));
            s.insert(
                "foreignKeys".into(),
                json!([{ "fields": [parent], "reference": { "resource": "", "fields": [key] } }]),
            );
        }
        Value::Object(s)
    }

    /// The entry of the table in a data package, for the CSV at `path` (relative to the
    /// package); `about` holds what the package says of the table's source.
    pub fn descriptor(&self, path: &str, about: Map<String, Value>) -> Value {
        let mut r = Map::new();
        r.insert("name".into(), json!(self.name));
        r.insert("path".into(), json!(path));
        r.insert("profile".into(), json!("tabular-data-resource"));
        r.insert("title".into(), json!(self.title));
        if !self.description.is_empty() {
            r.insert("description".into(), json!(self.description));
        }
        r.insert("format".into(), json!("csv"));
        r.insert("mediatype".into(), json!("text/csv"));
        r.insert("encoding".into(), json!("utf-8"));
        r.insert(
            "dialect".into(),
            json!({ "delimiter": csv::DELIMITER, "lineTerminator": "\r\n", "header": true }),
        );
        r.extend(about);
        r.insert("schema".into(), self.schema());
        Value::Object(r)
    }
}

/// Make the field names unique (a table may repeat a heading): later ones get ` (2)`, ` (3)`.
pub fn unique_names(fields: &mut [Field]) {
    let mut seen = std::collections::BTreeSet::new();
    for f in fields.iter_mut() {
        if f.name.trim().is_empty() {
            f.name = "Kolumn".into();
        }
        let base = f.name.clone();
        let mut n = 1;
        while !seen.insert(f.name.to_lowercase()) {
            n += 1;
            f.name = format!("{base} ({n})");
        }
    }
}

/// A data file's JSON: compact (a browser or `jq` lays it out for a reader; the spaces of a
/// pretty print were half of every table's file), ending in a newline.
pub fn json_bytes(v: &Value) -> Vec<u8> {
    let mut b = serde_json::to_vec(v).unwrap_or_default();
    b.push(b'\n');
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_headings_get_numbers() {
        let mut f = vec![
            Field::new("Utfall", FieldType::Number, ""),
            Field::new("utfall", FieldType::Number, ""),
            Field::new("", FieldType::String, ""),
            Field::new("Utfall", FieldType::Number, ""),
        ];
        unique_names(&mut f);
        let names: Vec<&str> = f.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Utfall", "utfall (2)", "Kolumn", "Utfall (3)"]);
    }

    #[test]
    fn schema_names_units_periods_and_the_row_tree() {
        let r = Resource {
            name: "t".into(),
            title: "T".into(),
            description: String::new(),
            fields: vec![
                Field::new("Radnummer", FieldType::Integer, "").required(),
                Field::new("Överordnad rad", FieldType::Integer, ""),
                Field::new("Utfall (mnkr)", FieldType::Number, "")
                    .unit(Some(Unit::Mnkr))
                    .period(Some(Period::year(2023))),
            ],
            rows: vec![],
            json: Value::Null,
            tree: Some(("Radnummer".into(), "Överordnad rad".into())),
            units: vec![],
            periods: vec![],
        };
        let s = r.schema();
        assert_eq!(s["fields"][2]["enhet"], "mnkr");
        assert_eq!(s["fields"][2]["period"], "2023");
        assert_eq!(s["fields"][2]["decimalChar"], ",");
        assert_eq!(s["primaryKey"][0], "Radnummer");
        assert_eq!(s["foreignKeys"][0]["reference"]["fields"][0], "Radnummer");
        assert_eq!(
            String::from_utf8(r.csv()).unwrap(),
            "\u{feff}Radnummer;Överordnad rad;Utfall (mnkr)\r\n"
        );
    }
}
