// Who a post shows as its author, apart from the post's view (session/post-item.js),
// so that the Terugblik names authors without loading the thread view's modules.

import { attributionLabel } from '../core/labels.js';

/** The name shown for a post's author (as the author chose). */
export function authorLabel(post) {
  return post.author_label || post.author?.display_name || 'Onbekend';
}

/** "geplaatst als ‘een gemeente’ door Anna" for moderators, when not named. */
export function attributionNote(post, view) {
  if (!post.attribution || post.attribution === 'named' || post.whisper) return null;
  const label = authorLabel(post);
  if (post.mine) return `jij, geplaatst als ‘${label}’ (${attributionLabel(post.attribution).toLowerCase()})`;
  if (view.myRole === 'moderator' && post.author?.display_name) {
    return `geplaatst als ‘${label}’ door ${post.author.display_name}`;
  }
  return null;
}
