//! `MimeTypeEnum`: the registered upload MIME types (`get_allowed_mime_types`), named as
//! WPGraphQL names them (generated from the reference SDL).

use async_graphql::Enum;

/// `MimeTypeEnum`.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum MimeTypeEnum {
    /// application/java
    #[graphql(name = "APPLICATION_JAVA")]
    ApplicationJava,
    /// application/javascript
    #[graphql(name = "APPLICATION_JAVASCRIPT")]
    ApplicationJavascript,
    /// application/msword
    #[graphql(name = "APPLICATION_MSWORD")]
    ApplicationMsword,
    /// application/octet-stream
    #[graphql(name = "APPLICATION_OCTET_STREAM")]
    ApplicationOctetStream,
    /// application/onenote
    #[graphql(name = "APPLICATION_ONENOTE")]
    ApplicationOnenote,
    /// application/oxps
    #[graphql(name = "APPLICATION_OXPS")]
    ApplicationOxps,
    /// application/pdf
    #[graphql(name = "APPLICATION_PDF")]
    ApplicationPdf,
    /// application/rar
    #[graphql(name = "APPLICATION_RAR")]
    ApplicationRar,
    /// application/rtf
    #[graphql(name = "APPLICATION_RTF")]
    ApplicationRtf,
    /// application/ttaf+xml
    #[graphql(name = "APPLICATION_TTAF_XML")]
    ApplicationTtafXml,
    /// application/vnd.apple.keynote
    #[graphql(name = "APPLICATION_VND_APPLE_KEYNOTE")]
    ApplicationVndAppleKeynote,
    /// application/vnd.apple.numbers
    #[graphql(name = "APPLICATION_VND_APPLE_NUMBERS")]
    ApplicationVndAppleNumbers,
    /// application/vnd.apple.pages
    #[graphql(name = "APPLICATION_VND_APPLE_PAGES")]
    ApplicationVndApplePages,
    /// application/vnd.ms-access
    #[graphql(name = "APPLICATION_VND_MS_ACCESS")]
    ApplicationVndMsAccess,
    /// application/vnd.ms-excel
    #[graphql(name = "APPLICATION_VND_MS_EXCEL")]
    ApplicationVndMsExcel,
    /// application/vnd.ms-excel.addin.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_EXCEL_ADDIN_MACROENABLED_12")]
    ApplicationVndMsExcelAddinMacroenabledN12,
    /// application/vnd.ms-excel.sheet.binary.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_EXCEL_SHEET_BINARY_MACROENABLED_12")]
    ApplicationVndMsExcelSheetBinaryMacroenabledN12,
    /// application/vnd.ms-excel.sheet.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_EXCEL_SHEET_MACROENABLED_12")]
    ApplicationVndMsExcelSheetMacroenabledN12,
    /// application/vnd.ms-excel.template.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_EXCEL_TEMPLATE_MACROENABLED_12")]
    ApplicationVndMsExcelTemplateMacroenabledN12,
    /// application/vnd.ms-powerpoint
    #[graphql(name = "APPLICATION_VND_MS_POWERPOINT")]
    ApplicationVndMsPowerpoint,
    /// application/vnd.ms-powerpoint.addin.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_POWERPOINT_ADDIN_MACROENABLED_12")]
    ApplicationVndMsPowerpointAddinMacroenabledN12,
    /// application/vnd.ms-powerpoint.presentation.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_POWERPOINT_PRESENTATION_MACROENABLED_12")]
    ApplicationVndMsPowerpointPresentationMacroenabledN12,
    /// application/vnd.ms-powerpoint.slideshow.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_POWERPOINT_SLIDESHOW_MACROENABLED_12")]
    ApplicationVndMsPowerpointSlideshowMacroenabledN12,
    /// application/vnd.ms-powerpoint.slide.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_POWERPOINT_SLIDE_MACROENABLED_12")]
    ApplicationVndMsPowerpointSlideMacroenabledN12,
    /// application/vnd.ms-powerpoint.template.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_POWERPOINT_TEMPLATE_MACROENABLED_12")]
    ApplicationVndMsPowerpointTemplateMacroenabledN12,
    /// application/vnd.ms-project
    #[graphql(name = "APPLICATION_VND_MS_PROJECT")]
    ApplicationVndMsProject,
    /// application/vnd.ms-word.document.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_WORD_DOCUMENT_MACROENABLED_12")]
    ApplicationVndMsWordDocumentMacroenabledN12,
    /// application/vnd.ms-word.template.macroEnabled.12
    #[graphql(name = "APPLICATION_VND_MS_WORD_TEMPLATE_MACROENABLED_12")]
    ApplicationVndMsWordTemplateMacroenabledN12,
    /// application/vnd.ms-write
    #[graphql(name = "APPLICATION_VND_MS_WRITE")]
    ApplicationVndMsWrite,
    /// application/vnd.ms-xpsdocument
    #[graphql(name = "APPLICATION_VND_MS_XPSDOCUMENT")]
    ApplicationVndMsXpsdocument,
    /// application/vnd.oasis.opendocument.chart
    #[graphql(name = "APPLICATION_VND_OASIS_OPENDOCUMENT_CHART")]
    ApplicationVndOasisOpendocumentChart,
    /// application/vnd.oasis.opendocument.database
    #[graphql(name = "APPLICATION_VND_OASIS_OPENDOCUMENT_DATABASE")]
    ApplicationVndOasisOpendocumentDatabase,
    /// application/vnd.oasis.opendocument.formula
    #[graphql(name = "APPLICATION_VND_OASIS_OPENDOCUMENT_FORMULA")]
    ApplicationVndOasisOpendocumentFormula,
    /// application/vnd.oasis.opendocument.graphics
    #[graphql(name = "APPLICATION_VND_OASIS_OPENDOCUMENT_GRAPHICS")]
    ApplicationVndOasisOpendocumentGraphics,
    /// application/vnd.oasis.opendocument.presentation
    #[graphql(name = "APPLICATION_VND_OASIS_OPENDOCUMENT_PRESENTATION")]
    ApplicationVndOasisOpendocumentPresentation,
    /// application/vnd.oasis.opendocument.spreadsheet
    #[graphql(name = "APPLICATION_VND_OASIS_OPENDOCUMENT_SPREADSHEET")]
    ApplicationVndOasisOpendocumentSpreadsheet,
    /// application/vnd.oasis.opendocument.text
    #[graphql(name = "APPLICATION_VND_OASIS_OPENDOCUMENT_TEXT")]
    ApplicationVndOasisOpendocumentText,
    /// application/vnd.openxmlformats-officedocument.presentationml.presentation
    #[graphql(name = "APPLICATION_VND_OPENXMLFORMATS_OFFICEDOCUMENT_PRESENTATIONML_PRESENTATION")]
    ApplicationVndOpenxmlformatsOfficedocumentPresentationmlPresentation,
    /// application/vnd.openxmlformats-officedocument.presentationml.slide
    #[graphql(name = "APPLICATION_VND_OPENXMLFORMATS_OFFICEDOCUMENT_PRESENTATIONML_SLIDE")]
    ApplicationVndOpenxmlformatsOfficedocumentPresentationmlSlide,
    /// application/vnd.openxmlformats-officedocument.presentationml.slideshow
    #[graphql(name = "APPLICATION_VND_OPENXMLFORMATS_OFFICEDOCUMENT_PRESENTATIONML_SLIDESHOW")]
    ApplicationVndOpenxmlformatsOfficedocumentPresentationmlSlideshow,
    /// application/vnd.openxmlformats-officedocument.presentationml.template
    #[graphql(name = "APPLICATION_VND_OPENXMLFORMATS_OFFICEDOCUMENT_PRESENTATIONML_TEMPLATE")]
    ApplicationVndOpenxmlformatsOfficedocumentPresentationmlTemplate,
    /// application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
    #[graphql(name = "APPLICATION_VND_OPENXMLFORMATS_OFFICEDOCUMENT_SPREADSHEETML_SHEET")]
    ApplicationVndOpenxmlformatsOfficedocumentSpreadsheetmlSheet,
    /// application/vnd.openxmlformats-officedocument.spreadsheetml.template
    #[graphql(name = "APPLICATION_VND_OPENXMLFORMATS_OFFICEDOCUMENT_SPREADSHEETML_TEMPLATE")]
    ApplicationVndOpenxmlformatsOfficedocumentSpreadsheetmlTemplate,
    /// application/vnd.openxmlformats-officedocument.wordprocessingml.document
    #[graphql(name = "APPLICATION_VND_OPENXMLFORMATS_OFFICEDOCUMENT_WORDPROCESSINGML_DOCUMENT")]
    ApplicationVndOpenxmlformatsOfficedocumentWordprocessingmlDocument,
    /// application/vnd.openxmlformats-officedocument.wordprocessingml.template
    #[graphql(name = "APPLICATION_VND_OPENXMLFORMATS_OFFICEDOCUMENT_WORDPROCESSINGML_TEMPLATE")]
    ApplicationVndOpenxmlformatsOfficedocumentWordprocessingmlTemplate,
    /// application/wordperfect
    #[graphql(name = "APPLICATION_WORDPERFECT")]
    ApplicationWordperfect,
    /// application/x-7z-compressed
    #[graphql(name = "APPLICATION_X_7Z_COMPRESSED")]
    ApplicationXN7ZCompressed,
    /// application/x-gzip
    #[graphql(name = "APPLICATION_X_GZIP")]
    ApplicationXGzip,
    /// application/x-tar
    #[graphql(name = "APPLICATION_X_TAR")]
    ApplicationXTar,
    /// application/zip
    #[graphql(name = "APPLICATION_ZIP")]
    ApplicationZip,
    /// audio/aac
    #[graphql(name = "AUDIO_AAC")]
    AudioAac,
    /// audio/flac
    #[graphql(name = "AUDIO_FLAC")]
    AudioFlac,
    /// audio/midi
    #[graphql(name = "AUDIO_MIDI")]
    AudioMidi,
    /// audio/mpeg
    #[graphql(name = "AUDIO_MPEG")]
    AudioMpeg,
    /// audio/ogg
    #[graphql(name = "AUDIO_OGG")]
    AudioOgg,
    /// audio/wav
    #[graphql(name = "AUDIO_WAV")]
    AudioWav,
    /// audio/x-matroska
    #[graphql(name = "AUDIO_X_MATROSKA")]
    AudioXMatroska,
    /// audio/x-ms-wax
    #[graphql(name = "AUDIO_X_MS_WAX")]
    AudioXMsWax,
    /// audio/x-ms-wma
    #[graphql(name = "AUDIO_X_MS_WMA")]
    AudioXMsWma,
    /// audio/x-realaudio
    #[graphql(name = "AUDIO_X_REALAUDIO")]
    AudioXRealaudio,
    /// image/bmp
    #[graphql(name = "IMAGE_BMP")]
    ImageBmp,
    /// image/gif
    #[graphql(name = "IMAGE_GIF")]
    ImageGif,
    /// image/heic
    #[graphql(name = "IMAGE_HEIC")]
    ImageHeic,
    /// image/jpeg
    #[graphql(name = "IMAGE_JPEG")]
    ImageJpeg,
    /// image/png
    #[graphql(name = "IMAGE_PNG")]
    ImagePng,
    /// image/tiff
    #[graphql(name = "IMAGE_TIFF")]
    ImageTiff,
    /// image/webp
    #[graphql(name = "IMAGE_WEBP")]
    ImageWebp,
    /// image/x-icon
    #[graphql(name = "IMAGE_X_ICON")]
    ImageXIcon,
    /// text/calendar
    #[graphql(name = "TEXT_CALENDAR")]
    TextCalendar,
    /// text/css
    #[graphql(name = "TEXT_CSS")]
    TextCss,
    /// text/csv
    #[graphql(name = "TEXT_CSV")]
    TextCsv,
    /// text/html
    #[graphql(name = "TEXT_HTML")]
    TextHtml,
    /// text/plain
    #[graphql(name = "TEXT_PLAIN")]
    TextPlain,
    /// text/richtext
    #[graphql(name = "TEXT_RICHTEXT")]
    TextRichtext,
    /// text/tab-separated-values
    #[graphql(name = "TEXT_TAB_SEPARATED_VALUES")]
    TextTabSeparatedValues,
    /// text/vtt
    #[graphql(name = "TEXT_VTT")]
    TextVtt,
    /// video/3gpp
    #[graphql(name = "VIDEO_3GPP")]
    VideoN3GPP,
    /// video/3gpp2
    #[graphql(name = "VIDEO_3GPP2")]
    VideoN3GPP2,
    /// video/avi
    #[graphql(name = "VIDEO_AVI")]
    VideoAvi,
    /// video/divx
    #[graphql(name = "VIDEO_DIVX")]
    VideoDivx,
    /// video/mp4
    #[graphql(name = "VIDEO_MP4")]
    VideoMp4,
    /// video/mpeg
    #[graphql(name = "VIDEO_MPEG")]
    VideoMpeg,
    /// video/ogg
    #[graphql(name = "VIDEO_OGG")]
    VideoOgg,
    /// video/quicktime
    #[graphql(name = "VIDEO_QUICKTIME")]
    VideoQuicktime,
    /// video/webm
    #[graphql(name = "VIDEO_WEBM")]
    VideoWebm,
    /// video/x-flv
    #[graphql(name = "VIDEO_X_FLV")]
    VideoXFlv,
    /// video/x-matroska
    #[graphql(name = "VIDEO_X_MATROSKA")]
    VideoXMatroska,
    /// video/x-ms-asf
    #[graphql(name = "VIDEO_X_MS_ASF")]
    VideoXMsAsf,
    /// video/x-ms-wm
    #[graphql(name = "VIDEO_X_MS_WM")]
    VideoXMsWm,
    /// video/x-ms-wmv
    #[graphql(name = "VIDEO_X_MS_WMV")]
    VideoXMsWmv,
    /// video/x-ms-wmx
    #[graphql(name = "VIDEO_X_MS_WMX")]
    VideoXMsWmx,
}

impl MimeTypeEnum {
    /// The MIME type itself.
    pub fn mime(self) -> &'static str {
        match self {
            MimeTypeEnum::ApplicationJava => "application/java",
            MimeTypeEnum::ApplicationJavascript => "application/javascript",
            MimeTypeEnum::ApplicationMsword => "application/msword",
            MimeTypeEnum::ApplicationOctetStream => "application/octet-stream",
            MimeTypeEnum::ApplicationOnenote => "application/onenote",
            MimeTypeEnum::ApplicationOxps => "application/oxps",
            MimeTypeEnum::ApplicationPdf => "application/pdf",
            MimeTypeEnum::ApplicationRar => "application/rar",
            MimeTypeEnum::ApplicationRtf => "application/rtf",
            MimeTypeEnum::ApplicationTtafXml => "application/ttaf+xml",
            MimeTypeEnum::ApplicationVndAppleKeynote => "application/vnd.apple.keynote",
            MimeTypeEnum::ApplicationVndAppleNumbers => "application/vnd.apple.numbers",
            MimeTypeEnum::ApplicationVndApplePages => "application/vnd.apple.pages",
            MimeTypeEnum::ApplicationVndMsAccess => "application/vnd.ms-access",
            MimeTypeEnum::ApplicationVndMsExcel => "application/vnd.ms-excel",
            MimeTypeEnum::ApplicationVndMsExcelAddinMacroenabledN12 => {
                "application/vnd.ms-excel.addin.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsExcelSheetBinaryMacroenabledN12 => {
                "application/vnd.ms-excel.sheet.binary.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsExcelSheetMacroenabledN12 => {
                "application/vnd.ms-excel.sheet.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsExcelTemplateMacroenabledN12 => {
                "application/vnd.ms-excel.template.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsPowerpoint => "application/vnd.ms-powerpoint",
            MimeTypeEnum::ApplicationVndMsPowerpointAddinMacroenabledN12 => {
                "application/vnd.ms-powerpoint.addin.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsPowerpointPresentationMacroenabledN12 => {
                "application/vnd.ms-powerpoint.presentation.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsPowerpointSlideshowMacroenabledN12 => {
                "application/vnd.ms-powerpoint.slideshow.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsPowerpointSlideMacroenabledN12 => {
                "application/vnd.ms-powerpoint.slide.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsPowerpointTemplateMacroenabledN12 => {
                "application/vnd.ms-powerpoint.template.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsProject => "application/vnd.ms-project",
            MimeTypeEnum::ApplicationVndMsWordDocumentMacroenabledN12 => {
                "application/vnd.ms-word.document.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsWordTemplateMacroenabledN12 => {
                "application/vnd.ms-word.template.macroEnabled.12"
            }
            MimeTypeEnum::ApplicationVndMsWrite => "application/vnd.ms-write",
            MimeTypeEnum::ApplicationVndMsXpsdocument => "application/vnd.ms-xpsdocument",
            MimeTypeEnum::ApplicationVndOasisOpendocumentChart => {
                "application/vnd.oasis.opendocument.chart"
            }
            MimeTypeEnum::ApplicationVndOasisOpendocumentDatabase => {
                "application/vnd.oasis.opendocument.database"
            }
            MimeTypeEnum::ApplicationVndOasisOpendocumentFormula => {
                "application/vnd.oasis.opendocument.formula"
            }
            MimeTypeEnum::ApplicationVndOasisOpendocumentGraphics => {
                "application/vnd.oasis.opendocument.graphics"
            }
            MimeTypeEnum::ApplicationVndOasisOpendocumentPresentation => {
                "application/vnd.oasis.opendocument.presentation"
            }
            MimeTypeEnum::ApplicationVndOasisOpendocumentSpreadsheet => {
                "application/vnd.oasis.opendocument.spreadsheet"
            }
            MimeTypeEnum::ApplicationVndOasisOpendocumentText => {
                "application/vnd.oasis.opendocument.text"
            }
            MimeTypeEnum::ApplicationVndOpenxmlformatsOfficedocumentPresentationmlPresentation => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            MimeTypeEnum::ApplicationVndOpenxmlformatsOfficedocumentPresentationmlSlide => {
                "application/vnd.openxmlformats-officedocument.presentationml.slide"
            }
            MimeTypeEnum::ApplicationVndOpenxmlformatsOfficedocumentPresentationmlSlideshow => {
                "application/vnd.openxmlformats-officedocument.presentationml.slideshow"
            }
            MimeTypeEnum::ApplicationVndOpenxmlformatsOfficedocumentPresentationmlTemplate => {
                "application/vnd.openxmlformats-officedocument.presentationml.template"
            }
            MimeTypeEnum::ApplicationVndOpenxmlformatsOfficedocumentSpreadsheetmlSheet => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            MimeTypeEnum::ApplicationVndOpenxmlformatsOfficedocumentSpreadsheetmlTemplate => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.template"
            }
            MimeTypeEnum::ApplicationVndOpenxmlformatsOfficedocumentWordprocessingmlDocument => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            MimeTypeEnum::ApplicationVndOpenxmlformatsOfficedocumentWordprocessingmlTemplate => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.template"
            }
            MimeTypeEnum::ApplicationWordperfect => "application/wordperfect",
            MimeTypeEnum::ApplicationXN7ZCompressed => "application/x-7z-compressed",
            MimeTypeEnum::ApplicationXGzip => "application/x-gzip",
            MimeTypeEnum::ApplicationXTar => "application/x-tar",
            MimeTypeEnum::ApplicationZip => "application/zip",
            MimeTypeEnum::AudioAac => "audio/aac",
            MimeTypeEnum::AudioFlac => "audio/flac",
            MimeTypeEnum::AudioMidi => "audio/midi",
            MimeTypeEnum::AudioMpeg => "audio/mpeg",
            MimeTypeEnum::AudioOgg => "audio/ogg",
            MimeTypeEnum::AudioWav => "audio/wav",
            MimeTypeEnum::AudioXMatroska => "audio/x-matroska",
            MimeTypeEnum::AudioXMsWax => "audio/x-ms-wax",
            MimeTypeEnum::AudioXMsWma => "audio/x-ms-wma",
            MimeTypeEnum::AudioXRealaudio => "audio/x-realaudio",
            MimeTypeEnum::ImageBmp => "image/bmp",
            MimeTypeEnum::ImageGif => "image/gif",
            MimeTypeEnum::ImageHeic => "image/heic",
            MimeTypeEnum::ImageJpeg => "image/jpeg",
            MimeTypeEnum::ImagePng => "image/png",
            MimeTypeEnum::ImageTiff => "image/tiff",
            MimeTypeEnum::ImageWebp => "image/webp",
            MimeTypeEnum::ImageXIcon => "image/x-icon",
            MimeTypeEnum::TextCalendar => "text/calendar",
            MimeTypeEnum::TextCss => "text/css",
            MimeTypeEnum::TextCsv => "text/csv",
            MimeTypeEnum::TextHtml => "text/html",
            MimeTypeEnum::TextPlain => "text/plain",
            MimeTypeEnum::TextRichtext => "text/richtext",
            MimeTypeEnum::TextTabSeparatedValues => "text/tab-separated-values",
            MimeTypeEnum::TextVtt => "text/vtt",
            MimeTypeEnum::VideoN3GPP => "video/3gpp",
            MimeTypeEnum::VideoN3GPP2 => "video/3gpp2",
            MimeTypeEnum::VideoAvi => "video/avi",
            MimeTypeEnum::VideoDivx => "video/divx",
            MimeTypeEnum::VideoMp4 => "video/mp4",
            MimeTypeEnum::VideoMpeg => "video/mpeg",
            MimeTypeEnum::VideoOgg => "video/ogg",
            MimeTypeEnum::VideoQuicktime => "video/quicktime",
            MimeTypeEnum::VideoWebm => "video/webm",
            MimeTypeEnum::VideoXFlv => "video/x-flv",
            MimeTypeEnum::VideoXMatroska => "video/x-matroska",
            MimeTypeEnum::VideoXMsAsf => "video/x-ms-asf",
            MimeTypeEnum::VideoXMsWm => "video/x-ms-wm",
            MimeTypeEnum::VideoXMsWmv => "video/x-ms-wmv",
            MimeTypeEnum::VideoXMsWmx => "video/x-ms-wmx",
        }
    }
}
