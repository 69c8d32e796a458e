//! Document metadata: the /Info dictionary and the XMP packet, both from the
//! book's [`Meta`], and dates only from SOURCE_DATE_EPOCH.

use super::EmitOptions;
use crate::document::Meta;
use pdf_writer::{Date, Pdf, Ref, TextStr};

/// Writes the /Info dictionary.
pub(super) fn write_info(pdf: &mut Pdf, info_id: Ref, meta: &Meta, options: &EmitOptions) {
    let mut info = pdf.document_info(info_id);
    info.title(TextStr(&meta.title)).creator(TextStr("warraq")).producer(TextStr("warraq"));
    if let Some(author) = &meta.author {
        info.author(TextStr(author));
    }
    if let Some(series) = &meta.series {
        info.subject(TextStr(series));
    }
    if let Some(date) = options.source_date_epoch.and_then(pdf_date) {
        info.creation_date(date);
        info.modified_date(date);
    }
}

fn pdf_date(seconds: i64) -> Option<Date> {
    let time = chrono::DateTime::from_timestamp(seconds, 0)?;
    use chrono::{Datelike, Timelike};
    Some(
        Date::new(time.year() as u16)
            .month(time.month() as u8)
            .day(time.day() as u8)
            .hour(time.hour() as u8)
            .minute(time.minute() as u8)
            .second(time.second() as u8)
            .utc_offset_hour(0)
            .utc_offset_minute(0),
    )
}

/// A minimal XMP packet with the same title, author and series as /Info.
pub(super) fn xmp_packet(meta: &Meta, options: &EmitOptions) -> String {
    let escape = crate::backend::xml_escape;
    let mut rdf = format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\
         <dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\
         <pdf:Producer>warraq</pdf:Producer><xmp:CreatorTool>warraq</xmp:CreatorTool>",
        escape(&meta.title),
        escape(&meta.lang)
    );
    if let Some(author) = &meta.author {
        rdf += &format!("<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>", escape(author));
    }
    if let Some(series) = &meta.series {
        rdf += &format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            escape(series)
        );
    }
    if let Some(time) = options.source_date_epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
        let stamp = time.format("%Y-%m-%dT%H:%M:%SZ");
        rdf += &format!("<xmp:CreateDate>{stamp}</xmp:CreateDate><xmp:ModifyDate>{stamp}</xmp:ModifyDate>");
    }
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\
         <x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\
         <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">{rdf}</rdf:Description>\
         </rdf:RDF></x:xmpmeta><?xpacket end=\"r\"?>"
    )
}
