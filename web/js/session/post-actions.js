// Actions on one post, shared by the thread view and the moderation queue:
// moderation (approve, reject, hide, restore, redact, dismiss a flag), flagging,
// deleting, the revisions, and "Op het kennisbord zetten". Each asks what it needs (reason, confirmation),
// sends the request and hands the answer's post to ctx.applyPost().

import * as socket from '../core/socket.js';
import { errorText } from '../core/errors.js';
import { announce, confirmDialog } from '../core/ui.js';
import { reasonDialog, historyDialog } from './dialogs.js';
import { cardFromPostDialog } from '../board/card-form.js';

const MOD_TEXTS = {
  locked: 'De sessie is gearchiveerd.',
  conflict: 'Dit bericht is intussen veranderd. Bekijk de nieuwe stand en probeer het opnieuw.',
  not_found: 'Dit bericht bestaat niet (meer).',
  bad_request: 'Dit kan niet (meer) met dit bericht.',
};

/**
 * Runs a moderation action on a post. Returns true when it was done.
 * action: approve | reject | hide | restore | redact. report(text) shows an error.
 */
export async function moderatePost(ctx, action, post, { report }) {
  let reason = '';
  switch (action) {
    case 'approve':
      break;
    case 'reject':
      reason = await reasonDialog({
        title: 'Bericht afwijzen?',
        text: 'Het bericht wordt niet geplaatst. De auteur ziet dat het is afgewezen, met de reden als je die geeft.',
        required: false,
        confirmLabel: 'Afwijzen',
        danger: true,
      });
      break;
    case 'hide':
      reason = await reasonDialog({
        title: 'Bericht verbergen?',
        text: 'Deelnemers zien dan “Verborgen door moderator”. Moderatoren blijven de tekst zien; je kunt het bericht later herstellen.',
        required: true,
        confirmLabel: 'Verbergen',
        danger: true,
      });
      break;
    case 'restore':
      reason = await reasonDialog({
        title: 'Bericht herstellen?',
        text: 'Het bericht wordt weer voor iedereen zichtbaar.',
        required: true,
        confirmLabel: 'Herstellen',
      });
      break;
    case 'redact':
      reason = await reasonDialog({
        title: 'Bericht definitief wissen?',
        text: 'De tekst, alle eerdere versies en de redenen van meldingen en eerdere moderatie bij dit bericht worden voorgoed gewist, ook voor moderatoren. Dit kan niet ongedaan worden gemaakt. De reden die je hier geeft blijft in het logboek staan: herhaal daarin de tekst niet.',
        required: true,
        confirmLabel: 'Definitief wissen',
        danger: true,
        permanent: 'Ik begrijp dat dit definitief is',
      });
      break;
    default:
      return false;
  }
  if (reason === null) return false;
  const params = { post: post.id };
  if (reason) params.reason = reason;
  let answer;
  try {
    answer = await socket.request(`mod.${action}`, params);
  } catch (err) {
    report(errorText(err, MOD_TEXTS));
    return false;
  }
  if (answer.post) ctx.applyPost(answer.post);
  if (action === 'hide' || action === 'redact') ctx.store.closeFlagsOf(post.id);
  announce({
    approve: 'Het bericht is goedgekeurd.',
    reject: 'Het bericht is afgewezen.',
    hide: 'Het bericht is verborgen.',
    restore: 'Het bericht is hersteld.',
    redact: 'Het bericht is definitief gewist.',
  }[action]);
  return true;
}

/** Closes a flag without action (mod.dismiss_flag). */
export async function dismissFlag(ctx, flag, { report }) {
  try {
    await socket.request('mod.dismiss_flag', { flag: flag.id });
  } catch (err) {
    if (err.code === 'not_found' || err.code === 'gone' || err.code === 'conflict') {
      ctx.store.removeFlag(flag.id); // already closed by someone else
      return true;
    }
    report(errorText(err, MOD_TEXTS));
    return false;
  }
  ctx.store.removeFlag(flag.id);
  announce('De melding is gesloten.');
  return true;
}

/** "Melden": asks a reason and flags the post. */
export async function flagPost(ctx, post, { report }) {
  const reason = await reasonDialog({
    title: 'Bericht melden',
    text: 'Een moderator bekijkt je melding. De auteur ziet niet wie meldde.',
    label: 'Waarom meld je dit bericht?',
    required: true,
    confirmLabel: 'Melden',
  });
  if (reason === null) return false;
  try {
    await socket.request('post.flag', { post: post.id, reason });
  } catch (err) {
    report(errorText(err, {
      conflict: 'Je hebt dit bericht al gemeld.',
      locked: 'De sessie is gearchiveerd.',
    }));
    return false;
  }
  announce('Je melding is verstuurd naar de moderatoren.');
  return true;
}

/** Deletes one's own post after a confirmation. */
export async function deletePost(ctx, post, { report }) {
  const ok = await confirmDialog({
    title: 'Bericht verwijderen?',
    text: 'Anderen zien daarna “Verwijderd door de auteur”. Dit kan niet ongedaan worden gemaakt.',
    confirmLabel: 'Verwijderen',
    danger: true,
  });
  if (!ok) return false;
  let answer;
  try {
    answer = await socket.request('post.delete', { post: post.id });
  } catch (err) {
    report(errorText(err, { locked: 'De sessie is gearchiveerd.', forbidden: 'Je kunt alleen je eigen berichten verwijderen.' }));
    return false;
  }
  if (answer.post) ctx.applyPost(answer.post);
  announce('Je bericht is verwijderd.');
  return true;
}

/** Shows the revisions of a post. */
export async function showHistory(ctx, post, { report }) {
  let answer;
  try {
    answer = await socket.request('post.history', { post: post.id });
  } catch (err) {
    report(errorText(err, { forbidden: 'Alleen de auteur en moderatoren kunnen eerdere versies zien.' }));
    return;
  }
  await historyDialog({ title: 'Eerdere versies van dit bericht', revisions: answer.revisions || [] });
}

/**
 * "Op het kennisbord zetten": asks for a column and a title (the thread's title
 * to start with) and makes a card that quotes the post (source_post).
 */
export async function addPostToBoard(ctx, post, { report }) {
  const board = ctx.board;
  const columns = board ? board.store.sortedColumns() : [];
  if (!columns.length) {
    report('Er staan nog geen kolommen op het kennisbord. Vraag een moderator er een toe te voegen.');
    return false;
  }
  const thread = ctx.store.thread(post.thread);
  const made = await cardFromPostDialog({
    columns,
    title: thread?.title || '',
    post,
    send: (values) => board.createFromPost(post, values),
  });
  if (!made) return false;
  if (ctx.cardFromPost) ctx.cardFromPost(post);
  return true;
}
