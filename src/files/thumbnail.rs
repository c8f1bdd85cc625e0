//! Thumbnails of uploaded images (DESIGN §6): made once, right after the upload, beside the
//! bytes as `<id>.thumb` — a JPEG, or a PNG when the picture has transparency — at most
//! [`MAX_EDGE`] pixels on its longer side, turned upright by the photo's EXIF orientation.
//! Chat previews and avatars read it; a picture already that small, a GIF (whose first frame
//! would stop its animation), or one the decoder cannot read, has none and is shown as it is.

use std::io::{BufWriter, Cursor};
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use tokio::sync::Semaphore;

/// The image types that get a thumbnail.
pub const SHRUNK: &[&str] = &["image/png", "image/jpeg", "image/webp"];
/// The longer side of a thumbnail: sharp in a 280 px chat bubble on a 2× screen.
pub const MAX_EDGE: u32 = 560;
/// Pictures wider or taller than this are not decoded (a 12,000 px side is 144 megapixels).
const MAX_SIDE: u32 = 12_000;
/// What one decode may allocate, so a decompression bomb cannot take a Pi's memory.
const MAX_ALLOC: u64 = 512 * 1024 * 1024;
const JPEG_QUALITY: u8 = 80;

/// Decoding a large photo takes memory and a core: one at a time, the rest wait their turn.
static SLOTS: Semaphore = Semaphore::const_new(1);

/// Where the thumbnail of the file stored at `bytes` goes.
pub fn path_for(bytes: &Path) -> PathBuf {
    let mut name = bytes.file_name().unwrap_or_default().to_os_string();
    name.push(".thumb");
    bytes.with_file_name(name)
}

/// Makes the thumbnail of the image at `bytes`; `Ok(false)` when the picture needs none.
pub async fn make(bytes: PathBuf) -> Result<bool, String> {
    let _slot = SLOTS.acquire().await.map_err(|e| e.to_string())?;
    tokio::task::spawn_blocking(move || make_now(&bytes)).await.map_err(|e| e.to_string())?
}

fn make_now(bytes: &Path) -> Result<bool, String> {
    let Some(picture) = scaled(&std::fs::read(bytes).map_err(|e| e.to_string())?)? else {
        return Ok(false);
    };
    let target = path_for(bytes);
    let temp = target.with_extension("thumb-tmp");
    let written = write(&picture, &temp).and_then(|()| std::fs::rename(&temp, &target).map_err(|e| e.to_string()));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written.map(|()| true)
}

/// The picture in `data`, upright and scaled to fit [`MAX_EDGE`]; `None` when it already fits.
pub fn scaled(data: &[u8]) -> Result<Option<DynamicImage>, String> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = ImageReader::new(Cursor::new(data)).with_guessed_format().map_err(|e| e.to_string())?;
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let orientation = decoder.orientation().map_err(|e| e.to_string())?;
    let (width, height) = decoder.dimensions();
    let turned = !matches!(orientation, image::metadata::Orientation::NoTransforms);
    if width <= MAX_EDGE && height <= MAX_EDGE && !turned {
        return Ok(None);
    }
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    picture.apply_orientation(orientation);
    Ok(Some(picture.thumbnail(MAX_EDGE, MAX_EDGE)))
}

fn write(picture: &DynamicImage, to: &Path) -> Result<(), String> {
    let file = std::fs::File::create(to).map_err(|e| e.to_string())?;
    let mut out = BufWriter::new(file);
    if picture.color().has_alpha() {
        picture.write_to(&mut out, ImageFormat::Png).map_err(|e| e.to_string())?;
    } else {
        JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
            .encode_image(&picture.to_rgb8())
            .map_err(|e| e.to_string())?;
    }
    out.into_inner().map_err(|e| e.to_string())?.sync_all().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{Rgb, RgbImage, Rgba, RgbaImage};

    fn png(picture: DynamicImage) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        picture.write_to(&mut out, ImageFormat::Png).expect("encode");
        out.into_inner()
    }

    #[test]
    fn a_large_picture_shrinks_to_fit_keeping_its_shape() {
        let wide = png(DynamicImage::ImageRgb8(RgbImage::from_pixel(2000, 1000, Rgb([200, 10, 10]))));
        let small = scaled(&wide).expect("decodes").expect("needs a thumbnail");
        assert_eq!((small.width(), small.height()), (MAX_EDGE, MAX_EDGE / 2));
    }

    #[test]
    fn a_small_picture_needs_none_and_garbage_is_an_error() {
        let tiny = png(DynamicImage::ImageRgba8(RgbaImage::from_pixel(64, 48, Rgba([0, 0, 0, 0]))));
        assert!(scaled(&tiny).expect("decodes").is_none());
        assert!(scaled(b"\x89PNG\r\n\x1a\nnot really").is_err());
    }

    #[test]
    fn transparency_keeps_png_and_photos_become_jpeg() {
        let dir = tempfile::tempdir().expect("dir");
        for (picture, kind) in [
            (DynamicImage::ImageRgba8(RgbaImage::from_pixel(900, 900, Rgba([0, 0, 0, 0]))), "image/png"),
            (DynamicImage::ImageRgb8(RgbImage::from_pixel(900, 900, Rgb([1, 2, 3]))), "image/jpeg"),
        ] {
            let source = dir.path().join("f");
            std::fs::write(&source, png(picture)).expect("write");
            assert!(make_now(&source).expect("made"));
            let thumb = std::fs::read(path_for(&source)).expect("thumb");
            assert_eq!(super::super::sniff::detect(&thumb), Some(kind));
        }
    }
}
