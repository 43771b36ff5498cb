// A 16×16 Zalo-blue PNG, served for user images sent without a URL and as every avatar.
export const PLACEHOLDER_PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFUlEQVR4nGNgyPhPGhrVMKph+GoAANwsZxBqS3ryAAAAAElFTkSuQmCC', 'base64'),
);
