//! A ZIP archive written whole in memory, entries stored without compression (method 0): PDFs
//! and images are compressed already, and a stored archive opens in every tool.

/// An archive being written.
#[derive(Default)]
pub struct Zip {
    out: Vec<u8>,
    central: Vec<u8>,
    count: u16,
}

impl Zip {
    /// Adds `bytes` as `name` (a relative path with `/`).
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        let crc = crc32fast::hash(bytes);
        let offset = self.out.len() as u32;
        let size = bytes.len() as u32;
        let name = name.as_bytes();
        // Local file header; version 20, flag bit 11 (UTF-8 names), stored, no date.
        self.out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        for value in [20u16, 0x0800, 0, 0, 0x0021] {
            self.out.extend_from_slice(&value.to_le_bytes());
        }
        for value in [crc, size, size] {
            self.out.extend_from_slice(&value.to_le_bytes());
        }
        self.out
            .extend_from_slice(&(name.len() as u16).to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out.extend_from_slice(name);
        self.out.extend_from_slice(bytes);
        // Its central directory entry.
        self.central
            .extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for value in [20u16, 20, 0x0800, 0, 0, 0x0021] {
            self.central.extend_from_slice(&value.to_le_bytes());
        }
        for value in [crc, size, size] {
            self.central.extend_from_slice(&value.to_le_bytes());
        }
        for value in [name.len() as u16, 0, 0, 0, 0] {
            self.central.extend_from_slice(&value.to_le_bytes());
        }
        self.central.extend_from_slice(&0u32.to_le_bytes());
        self.central.extend_from_slice(&offset.to_le_bytes());
        self.central.extend_from_slice(name);
        self.count += 1;
    }

    /// The archive's bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let start = self.out.len() as u32;
        let size = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        for value in [0u16, 0, self.count, self.count] {
            self.out.extend_from_slice(&value.to_le_bytes());
        }
        self.out.extend_from_slice(&size.to_le_bytes());
        self.out.extend_from_slice(&start.to_le_bytes());
        self.out.extend_from_slice(&0u16.to_le_bytes());
        self.out
    }
}
