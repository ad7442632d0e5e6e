/** A PATH given to ingest, with the options it is read with (table `sources`). */
import type { IngestSettings } from "./settings.js";

export interface Source {
  /** Absolute path of the file or folder given. */
  path: string;
  settings: IngestSettings;
  include: string[];
  exclude: string[];
  /** Read what symbolic links leading out of it lead to (`--follow-links`). */
  followLinks: boolean;
}
