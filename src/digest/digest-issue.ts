/** A chart of the digest: a PNG attached inline and referenced from the HTML as cid:. */
export interface DigestImage {
  cid: string
  filename: string
  title: string
  png: Buffer
}

/** One week's digest, generated once, stored, and sent as stored to every recipient. */
export interface DigestIssue {
  period: string
  from: string
  to: string
  /** The stored weekly report the e-mail links to. */
  reportId: string | null
  subject: string
  html: string
  text: string
  images: DigestImage[]
}
