//! A small XML well-formedness checker that builds a tree. Used to prove that every SVG and feed
//! keikaku writes is well-formed (by `keikaku check` and the tests), and to read a previously
//! published `sitemap.xml` (`keikaku check --against`); it accepts the XML subset keikaku writes
//! (elements, attributes, text, character references, comments) and rejects anything malformed.

/// An element of a parsed document.
#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

/// A child node: element or (decoded) character data.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }

    /// This element and all elements below it, in document order.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = vec![self];
        for child in &self.children {
            if let Node::Element(e) = child {
                out.extend(e.descendants());
            }
        }
        out
    }

    /// All character data below this element, `<title>` contents excluded.
    pub fn visible_text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            match child {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) if e.name != "title" => out.push_str(&e.visible_text()),
                Node::Element(_) => {}
            }
        }
        out
    }

    /// The text of the first `<title>` child.
    pub fn title(&self) -> Option<String> {
        self.children.iter().find_map(|c| match c {
            Node::Element(e) if e.name == "title" => Some(e.visible_text()),
            _ => None,
        })
    }
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == ':'
}

fn is_name_char(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c == '-' || c == '.'
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn err<T>(&self, msg: &str) -> Result<T, String> {
        let context: String = self.rest().chars().take(40).collect();
        Err(format!("{msg} at byte {}: {context:?}", self.pos))
    }

    fn skip_ws(&mut self) {
        let trimmed = self.rest().trim_start_matches([' ', '\t', '\r', '\n']);
        self.pos = self.s.len() - trimmed.len();
    }

    fn eat(&mut self, lit: &str) -> bool {
        if self.rest().starts_with(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    fn name(&mut self) -> Result<String, String> {
        let rest = self.rest();
        let mut chars = rest.char_indices();
        match chars.next() {
            Some((_, c)) if is_name_start(c) => {}
            _ => return self.err("expected a name"),
        }
        let end = chars.find(|&(_, c)| !is_name_char(c)).map_or(rest.len(), |(i, _)| i);
        let name = rest[..end].to_string();
        self.pos += end;
        Ok(name)
    }

    fn skip_misc(&mut self) -> Result<(), String> {
        loop {
            self.skip_ws();
            if self.eat("<!--") {
                match self.rest().find("-->") {
                    Some(i) => self.pos += i + 3,
                    None => return self.err("unterminated comment"),
                }
            } else {
                return Ok(());
            }
        }
    }

    fn element(&mut self) -> Result<Element, String> {
        if !self.eat("<") {
            return self.err("expected '<'");
        }
        let name = self.name()?;
        let mut attrs: Vec<(String, String)> = Vec::new();
        loop {
            let had_ws = self.rest().starts_with([' ', '\t', '\r', '\n']);
            self.skip_ws();
            if self.eat("/>") {
                return Ok(Element { name, attrs, children: Vec::new() });
            }
            if self.eat(">") {
                break;
            }
            if !had_ws {
                return self.err("expected whitespace before attribute");
            }
            let key = self.name()?;
            self.skip_ws();
            if !self.eat("=") {
                return self.err("expected '='");
            }
            self.skip_ws();
            let quote = match self.rest().chars().next() {
                Some(q @ ('"' | '\'')) => q,
                _ => return self.err("expected quoted value"),
            };
            self.pos += 1;
            let Some(end) = self.rest().find(quote) else {
                return self.err("unterminated attribute");
            };
            let raw = &self.rest()[..end];
            if raw.contains('<') {
                return self.err("'<' in attribute value");
            }
            let value = decode(raw).map_err(|e| format!("{e} in attribute {key}"))?;
            self.pos += end + 1;
            if attrs.iter().any(|(k, _)| *k == key) {
                return self.err("duplicate attribute");
            }
            attrs.push((key, value));
        }
        let mut children = Vec::new();
        loop {
            if self.eat("</") {
                let end_name = self.name()?;
                self.skip_ws();
                if end_name != name || !self.eat(">") {
                    return self.err(&format!("mismatched end tag for <{name}>"));
                }
                return Ok(Element { name, attrs, children });
            }
            if self.eat("<!--") {
                match self.rest().find("-->") {
                    Some(i) => self.pos += i + 3,
                    None => return self.err("unterminated comment"),
                }
                continue;
            }
            if self.eat("<![CDATA[") {
                match self.rest().find("]]>") {
                    Some(i) => {
                        children.push(Node::Text(self.rest()[..i].to_string()));
                        self.pos += i + 3;
                    }
                    None => return self.err("unterminated CDATA"),
                }
                continue;
            }
            if self.rest().starts_with('<') {
                children.push(Node::Element(self.element()?));
                continue;
            }
            let end = self.rest().find('<').unwrap_or(self.rest().len());
            if end == 0 {
                return self.err("unexpected end of document");
            }
            let raw = &self.rest()[..end];
            if raw.contains("]]>") {
                return self.err("']]>' in text");
            }
            children.push(Node::Text(decode(raw)?));
            self.pos += end;
        }
    }
}

fn decode(raw: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(semi) = after.find(';') else {
            return Err(format!("bare '&' in {raw:?}"));
        };
        let entity = &after[..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or_else(|| format!("bad entity &{entity}; in {raw:?}"))?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    if out.chars().any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        return Err(format!("control character in {raw:?}"));
    }
    Ok(out)
}

/// Parses `xml` as a well-formed document and returns its root element.
pub fn parse_xml(xml: &str) -> Result<Element, String> {
    let mut p = Parser { s: xml, pos: 0 };
    if p.eat("<?xml") {
        match p.rest().find("?>") {
            Some(i) => p.pos += i + 2,
            None => return p.err("unterminated XML declaration"),
        }
    }
    p.skip_misc()?;
    if p.rest().starts_with("<?") {
        return p.err("XML declaration not at the start");
    }
    let root = p.element()?;
    p.skip_misc()?;
    if !p.rest().is_empty() {
        return p.err("content after the root element");
    }
    Ok(root)
}
