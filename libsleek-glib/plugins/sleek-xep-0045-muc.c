/* sleek-xep-0045-muc.c: XEP-0045 Multi-User Chat
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include "sleek-plugin-private.h"
#include "sleek-xml-stream-private.h"
#include "sleek-xep-0004-forms.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0045-muc.h"
#include "sleek-xep-0045-muc-private.h"

G_DEFINE_ENUM_TYPE (SleekMucRole, sleek_muc_role,
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_ROLE_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_ROLE_VISITOR, "visitor"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_ROLE_PARTICIPANT, "participant"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_ROLE_MODERATOR, "moderator"))

G_DEFINE_ENUM_TYPE (SleekMucAffiliation, sleek_muc_affiliation,
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_AFFILIATION_NONE, "none"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_AFFILIATION_OUTCAST, "outcast"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_AFFILIATION_MEMBER, "member"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_AFFILIATION_ADMIN, "admin"),
                    G_DEFINE_ENUM_VALUE (SLEEK_MUC_AFFILIATION_OWNER, "owner"))

static const char * const role_names[] = { "none", "visitor", "participant", "moderator" };
static const char * const affiliation_names[] = { "none", "outcast", "member", "admin", "owner" };

/* The index of @name in @names, or 0 (none) for anything else. */
static guint
name_index (const char * const *names, guint n, const char *name)
{
  for (guint i = 0; name != NULL && i < n; i++)
    if (g_str_equal (names[i], name))
      return i;
  return 0;
}

/* The status codes that take an occupant out of the room against their
 * will, in the order they are reported. */
static const guint removal_codes[] = { 301, 307, 321, 322, 332 };

/* ------------------------------------------------------------------ */
/* SleekMucOccupant                                                    */
/* ------------------------------------------------------------------ */

/**
 * SleekMucOccupant:
 *
 * Someone in a [class@Sleek.MucRoom], as the room's presences describe
 * them: a nickname, a role, an affiliation, the real JID when the room
 * shows it to us, and the show and status of their presence. The room
 * updates its occupants as presences arrive, and their properties notify
 * the changes.
 */
struct _SleekMucOccupant
{
  GObject parent_instance;

  char *nick;
  SleekMucRole role;
  SleekMucAffiliation affiliation;
  SleekJid *jid;
  char *show;
  char *status;
};

enum {
  OCC_PROP_0,
  OCC_PROP_NICK,
  OCC_PROP_ROLE,
  OCC_PROP_AFFILIATION,
  OCC_PROP_JID,
  OCC_PROP_SHOW,
  OCC_PROP_STATUS,
  OCC_N_PROPS
};

static GParamSpec *occupant_properties[OCC_N_PROPS];

G_DEFINE_FINAL_TYPE (SleekMucOccupant, sleek_muc_occupant, G_TYPE_OBJECT)

static void
sleek_muc_occupant_finalize (GObject *object)
{
  SleekMucOccupant *self = SLEEK_MUC_OCCUPANT (object);

  g_free (self->nick);
  g_clear_pointer (&self->jid, sleek_jid_unref);
  g_free (self->show);
  g_free (self->status);
  G_OBJECT_CLASS (sleek_muc_occupant_parent_class)->finalize (object);
}

static void
sleek_muc_occupant_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekMucOccupant *self = SLEEK_MUC_OCCUPANT (object);

  switch (prop_id)
    {
    case OCC_PROP_NICK:
      g_value_set_string (value, self->nick);
      break;
    case OCC_PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case OCC_PROP_AFFILIATION:
      g_value_set_enum (value, self->affiliation);
      break;
    case OCC_PROP_JID:
      g_value_set_boxed (value, self->jid);
      break;
    case OCC_PROP_SHOW:
      g_value_set_string (value, self->show);
      break;
    case OCC_PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_muc_occupant_class_init (SleekMucOccupantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = sleek_muc_occupant_finalize;
  object_class->get_property = sleek_muc_occupant_get_property;

  /**
   * SleekMucOccupant:nick: (getter get_nick)
   *
   * The occupant's nickname in the room.
   */
  occupant_properties[OCC_PROP_NICK] = g_param_spec_string ("nick", NULL, NULL, NULL, flags);
  /**
   * SleekMucOccupant:role: (getter get_role)
   *
   * The occupant's role.
   */
  occupant_properties[OCC_PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, SLEEK_TYPE_MUC_ROLE, SLEEK_MUC_ROLE_NONE, flags);
  /**
   * SleekMucOccupant:affiliation: (getter get_affiliation)
   *
   * The occupant's affiliation with the room.
   */
  occupant_properties[OCC_PROP_AFFILIATION] =
    g_param_spec_enum ("affiliation", NULL, NULL, SLEEK_TYPE_MUC_AFFILIATION, SLEEK_MUC_AFFILIATION_NONE, flags);
  /**
   * SleekMucOccupant:jid: (getter get_jid)
   *
   * The occupant's real JID, when the room shows it to us.
   */
  occupant_properties[OCC_PROP_JID] = g_param_spec_boxed ("jid", NULL, NULL, SLEEK_TYPE_JID, flags);
  /**
   * SleekMucOccupant:show: (getter get_show)
   *
   * The `<show/>` of the occupant's presence (`away`, `chat`, `dnd`,
   * `xa`), or %NULL when they are simply available.
   */
  occupant_properties[OCC_PROP_SHOW] = g_param_spec_string ("show", NULL, NULL, NULL, flags);
  /**
   * SleekMucOccupant:status: (getter get_status)
   *
   * The status text of the occupant's presence.
   */
  occupant_properties[OCC_PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, OCC_N_PROPS, occupant_properties);
}

static void
sleek_muc_occupant_init (SleekMucOccupant *self)
{
}

static void
occupant_set_string (SleekMucOccupant *self, char **field, const char *value, guint prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), occupant_properties[prop_id]);
}

/* Takes what a presence says about the occupant. */
static void
occupant_update (SleekMucOccupant *self, SleekPresence *presence, SleekNode *item)
{
  const char *jid_text = item != NULL ? sleek_node_get_attribute (item, "jid") : NULL;
  g_autoptr(SleekJid) jid = jid_text != NULL ? sleek_jid_new (jid_text, NULL) : NULL;
  SleekMucRole role = SLEEK_MUC_ROLE_NONE;
  SleekMucAffiliation affiliation = SLEEK_MUC_AFFILIATION_NONE;

  if (item != NULL)
    {
      role = name_index (role_names, G_N_ELEMENTS (role_names), sleek_node_get_attribute (item, "role"));
      affiliation = name_index (affiliation_names, G_N_ELEMENTS (affiliation_names),
                                sleek_node_get_attribute (item, "affiliation"));
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->role != role)
    {
      self->role = role;
      g_object_notify_by_pspec (G_OBJECT (self), occupant_properties[OCC_PROP_ROLE]);
    }
  if (self->affiliation != affiliation)
    {
      self->affiliation = affiliation;
      g_object_notify_by_pspec (G_OBJECT (self), occupant_properties[OCC_PROP_AFFILIATION]);
    }
  /* A presence without the JID keeps the one we know. */
  if (jid != NULL && (self->jid == NULL || !sleek_jid_equal (self->jid, jid)))
    {
      g_clear_pointer (&self->jid, sleek_jid_unref);
      self->jid = g_steal_pointer (&jid);
      g_object_notify_by_pspec (G_OBJECT (self), occupant_properties[OCC_PROP_JID]);
    }
  occupant_set_string (self, &self->show, sleek_presence_get_show (presence), OCC_PROP_SHOW);
  occupant_set_string (self, &self->status, sleek_presence_get_status (presence), OCC_PROP_STATUS);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * sleek_muc_occupant_get_nick: (get-property nick)
 * @self: a [class@Sleek.MucOccupant]
 *
 * Gets the occupant's nickname.
 *
 * Returns: the nickname
 */
const char *
sleek_muc_occupant_get_nick (SleekMucOccupant *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_OCCUPANT (self), NULL);
  return self->nick;
}

/**
 * sleek_muc_occupant_get_role: (get-property role)
 * @self: a [class@Sleek.MucOccupant]
 *
 * Gets the occupant's role.
 *
 * Returns: the role
 */
SleekMucRole
sleek_muc_occupant_get_role (SleekMucOccupant *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_OCCUPANT (self), SLEEK_MUC_ROLE_NONE);
  return self->role;
}

/**
 * sleek_muc_occupant_get_affiliation: (get-property affiliation)
 * @self: a [class@Sleek.MucOccupant]
 *
 * Gets the occupant's affiliation.
 *
 * Returns: the affiliation
 */
SleekMucAffiliation
sleek_muc_occupant_get_affiliation (SleekMucOccupant *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_OCCUPANT (self), SLEEK_MUC_AFFILIATION_NONE);
  return self->affiliation;
}

/**
 * sleek_muc_occupant_get_jid: (get-property jid)
 * @self: a [class@Sleek.MucOccupant]
 *
 * Gets the occupant's real JID.
 *
 * Returns: (transfer none) (nullable): the JID, or %NULL when the room
 *   does not show it to us
 */
SleekJid *
sleek_muc_occupant_get_jid (SleekMucOccupant *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_OCCUPANT (self), NULL);
  return self->jid;
}

/**
 * sleek_muc_occupant_get_show: (get-property show)
 * @self: a [class@Sleek.MucOccupant]
 *
 * Gets the show of the occupant's presence.
 *
 * Returns: (nullable): the show, or %NULL when simply available
 */
const char *
sleek_muc_occupant_get_show (SleekMucOccupant *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_OCCUPANT (self), NULL);
  return self->show;
}

/**
 * sleek_muc_occupant_get_status: (get-property status)
 * @self: a [class@Sleek.MucOccupant]
 *
 * Gets the status text of the occupant's presence.
 *
 * Returns: (nullable): the status text
 */
const char *
sleek_muc_occupant_get_status (SleekMucOccupant *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_OCCUPANT (self), NULL);
  return self->status;
}

/* ------------------------------------------------------------------ */
/* SleekMucRoom                                                        */
/* ------------------------------------------------------------------ */

struct _SleekMuc
{
  SleekPlugin parent_instance;

  GHashTable *rooms;  /* bare JID text → SleekMucRoom */
  gulong session_start_id;
  gulong session_end_id;
};

/**
 * SleekMucRoom:
 *
 * A room of a [class@Sleek.Muc] plugin, from the moment we ask to join
 * it until we leave it, are kicked or banned, or it is destroyed.
 *
 * [method@Sleek.Muc.join_async] gives the room once the room has
 * answered with our own presence. From then on
 * [method@Sleek.MucRoom.get_occupants] is a [iface@Gio.ListModel] of
 * [class@Sleek.MucOccupant] that follows the room's presences (ourselves
 * included), and the room's signals report what happens in it.
 *
 * ```c
 * static void
 * on_message (SleekMucRoom *room, const char *nick, SleekMessage *message, gpointer data)
 * {
 *   g_print ("<%s> %s\n", nick, sleek_message_get_body (message));
 * }
 *
 * static void
 * on_joined (GObject *source, GAsyncResult *result, gpointer data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(SleekMucRoom) room = sleek_muc_join_finish (SLEEK_MUC (source), result, &error);
 *
 *   if (room == NULL)
 *     {
 *       // SLEEK_STANZA_ERROR_CONFLICT: the nickname is taken
 *       g_warning ("%s", error->message);
 *       return;
 *     }
 *   g_signal_connect (room, "message", G_CALLBACK (on_message), data);
 *   sleek_muc_room_send_message (room, "Hello, everyone");
 * }
 * ```
 */
struct _SleekMucRoom
{
  GObject parent_instance;

  SleekMuc *muc;               /* weak: the plugin holds its rooms */
  SleekJid *jid;               /* bare */
  char *nick;                  /* ours, once in the room */
  char *password;
  gboolean joined;
  gboolean rejoin;             /* to join again when a session starts */
  char *subject;
  GListStore *occupants;
  GHashTable *by_nick;         /* nick → SleekMucOccupant, held by the store */
  SleekMucOccupant *self_occupant;
  GArray *codes;               /* of our latest presence from the room */
  GDateTime *last_message;

  char *pending_nick;          /* the nick of a join or a change under way */
  GTask *join_task;
  GTask *nick_task;
  GTask *leave_task;
  GTask *subject_task;
  char *subject_id;
  gboolean leaving;            /* our unavailable presence is on its way */
};

enum {
  ROOM_PROP_0,
  ROOM_PROP_JID,
  ROOM_PROP_NICK,
  ROOM_PROP_JOINED,
  ROOM_PROP_SUBJECT,
  ROOM_N_PROPS
};

static GParamSpec *room_properties[ROOM_N_PROPS];

enum {
  ROOM_SIGNAL_OCCUPANT_JOINED,
  ROOM_SIGNAL_OCCUPANT_LEFT,
  ROOM_SIGNAL_OCCUPANT_RENAMED,
  ROOM_SIGNAL_OCCUPANT_CHANGED,
  ROOM_SIGNAL_MESSAGE,
  ROOM_SIGNAL_PRIVATE_MESSAGE,
  ROOM_SIGNAL_SUBJECT_CHANGED,
  ROOM_SIGNAL_KICKED,
  ROOM_SIGNAL_DESTROYED,
  ROOM_N_SIGNALS
};

static guint room_signals[ROOM_N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekMucRoom, sleek_muc_room, G_TYPE_OBJECT)

static void
clear_task_with_error (GTask **task, GError *error)
{
  GTask *t = g_steal_pointer (task);

  if (t != NULL)
    {
      g_task_return_error (t, g_error_copy (error));
      g_object_unref (t);
    }
}

/* Returns TRUE to the task in *@task, if any, and clears it. */
static void
clear_task_with_success (GTask **task)
{
  GTask *t = g_steal_pointer (task);

  if (t != NULL)
    {
      g_task_return_boolean (t, TRUE);
      g_object_unref (t);
    }
}

static void
room_fail_pending (SleekMucRoom *self, GError *error)
{
  clear_task_with_error (&self->join_task, error);
  clear_task_with_error (&self->nick_task, error);
  clear_task_with_error (&self->leave_task, error);
  clear_task_with_error (&self->subject_task, error);
  g_clear_pointer (&self->pending_nick, g_free);
}

static void
sleek_muc_room_dispose (GObject *object)
{
  SleekMucRoom *self = SLEEK_MUC_ROOM (object);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The room is gone"));

  room_fail_pending (self, error);
  G_OBJECT_CLASS (sleek_muc_room_parent_class)->dispose (object);
}

static void
sleek_muc_room_finalize (GObject *object)
{
  SleekMucRoom *self = SLEEK_MUC_ROOM (object);

  g_clear_pointer (&self->jid, sleek_jid_unref);
  g_free (self->nick);
  g_free (self->password);
  g_free (self->subject);
  g_free (self->subject_id);
  g_clear_pointer (&self->by_nick, g_hash_table_unref);
  g_clear_object (&self->occupants);
  g_clear_pointer (&self->codes, g_array_unref);
  g_clear_pointer (&self->last_message, g_date_time_unref);
  G_OBJECT_CLASS (sleek_muc_room_parent_class)->finalize (object);
}

static void
sleek_muc_room_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  SleekMucRoom *self = SLEEK_MUC_ROOM (object);

  switch (prop_id)
    {
    case ROOM_PROP_JID:
      g_value_set_boxed (value, self->jid);
      break;
    case ROOM_PROP_NICK:
      g_value_set_string (value, self->nick);
      break;
    case ROOM_PROP_JOINED:
      g_value_set_boolean (value, self->joined);
      break;
    case ROOM_PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sleek_muc_room_class_init (SleekMucRoomClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = sleek_muc_room_dispose;
  object_class->finalize = sleek_muc_room_finalize;
  object_class->get_property = sleek_muc_room_get_property;

  /**
   * SleekMucRoom:jid: (getter get_jid)
   *
   * The room's bare JID.
   */
  room_properties[ROOM_PROP_JID] = g_param_spec_boxed ("jid", NULL, NULL, SLEEK_TYPE_JID, flags);
  /**
   * SleekMucRoom:nick: (getter get_nick)
   *
   * Our nickname in the room, as the room gave it (it may change the one
   * we asked for).
   */
  room_properties[ROOM_PROP_NICK] = g_param_spec_string ("nick", NULL, NULL, NULL, flags);
  /**
   * SleekMucRoom:joined: (getter get_joined)
   *
   * Whether we are in the room.
   */
  room_properties[ROOM_PROP_JOINED] = g_param_spec_boolean ("joined", NULL, NULL, FALSE, flags);
  /**
   * SleekMucRoom:subject: (getter get_subject)
   *
   * The room's subject, or %NULL before the room has sent one.
   */
  room_properties[ROOM_PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, ROOM_N_PROPS, room_properties);

  /**
   * SleekMucRoom::occupant-joined:
   * @self: the room
   * @occupant: who came in
   *
   * Someone entered the room; on joining, the room reports everyone
   * already there, and ourselves last.
   */
  room_signals[ROOM_SIGNAL_OCCUPANT_JOINED] =
    g_signal_new ("occupant-joined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_MUC_OCCUPANT);
  /**
   * SleekMucRoom::occupant-left:
   * @self: the room
   * @occupant: who went, already out of the occupants
   * @status: why: 307 kicked, 301 banned, 321 removed with their
   *   affiliation, 322 the room became members-only, 332 the service
   *   shut down; 0 when they left by themselves
   * @reason: (nullable): the reason the room gave
   *
   * Someone else left the room.
   */
  room_signals[ROOM_SIGNAL_OCCUPANT_LEFT] =
    g_signal_new ("occupant-left", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, SLEEK_TYPE_MUC_OCCUPANT, G_TYPE_UINT, G_TYPE_STRING);
  /**
   * SleekMucRoom::occupant-renamed:
   * @self: the room
   * @occupant: the occupant, under the new nickname already
   * @old_nick: the nickname before
   *
   * An occupant (ourselves too) changed nickname (status code 303).
   */
  room_signals[ROOM_SIGNAL_OCCUPANT_RENAMED] =
    g_signal_new ("occupant-renamed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SLEEK_TYPE_MUC_OCCUPANT, G_TYPE_STRING);
  /**
   * SleekMucRoom::occupant-changed:
   * @self: the room
   * @occupant: the occupant, updated
   *
   * An occupant's presence, role or affiliation changed.
   */
  room_signals[ROOM_SIGNAL_OCCUPANT_CHANGED] =
    g_signal_new ("occupant-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SLEEK_TYPE_MUC_OCCUPANT);
  /**
   * SleekMucRoom::message:
   * @self: the room
   * @nick: (nullable): the sender's nickname, or %NULL for the room itself
   * @message: the groupchat message
   *
   * A message to everyone in the room arrived, our own ones included as
   * the room reflects them, and the history the room sends on joining.
   */
  room_signals[ROOM_SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, SLEEK_TYPE_MESSAGE);
  /**
   * SleekMucRoom::private-message:
   * @self: the room
   * @nick: the sender's nickname
   * @message: the message
   *
   * An occupant sent us a private message through the room.
   */
  room_signals[ROOM_SIGNAL_PRIVATE_MESSAGE] =
    g_signal_new ("private-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, SLEEK_TYPE_MESSAGE);
  /**
   * SleekMucRoom::subject-changed:
   * @self: the room
   * @nick: (nullable): who set it, or %NULL for the room
   *
   * The subject changed, or the room told it on joining;
   * [property@Sleek.MucRoom:subject] holds it.
   */
  room_signals[ROOM_SIGNAL_SUBJECT_CHANGED] =
    g_signal_new ("subject-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * SleekMucRoom::kicked:
   * @self: the room, which we are out of
   * @status: 307 kicked, 301 banned, 321 our affiliation was taken, 322
   *   the room became members-only, 332 the service shut down; 0 when
   *   the room gave no reason
   * @actor: (nullable): the moderator's nickname, when the room says
   * @reason: (nullable): the reason
   *
   * The room removed us.
   */
  room_signals[ROOM_SIGNAL_KICKED] =
    g_signal_new ("kicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING);
  /**
   * SleekMucRoom::destroyed:
   * @self: the room, which we are out of
   * @alternate: (nullable): a room to go to instead
   * @reason: (nullable): the reason
   *
   * An owner destroyed the room.
   */
  room_signals[ROOM_SIGNAL_DESTROYED] =
    g_signal_new ("destroyed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SLEEK_TYPE_JID, G_TYPE_STRING);
}

static void
sleek_muc_room_init (SleekMucRoom *self)
{
  self->occupants = g_list_store_new (SLEEK_TYPE_MUC_OCCUPANT);
  self->by_nick = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->codes = g_array_new (FALSE, FALSE, sizeof (guint));
}

static SleekMucRoom *
room_new (SleekMuc *muc, SleekJid *jid)
{
  SleekMucRoom *self = g_object_new (SLEEK_TYPE_MUC_ROOM, NULL);

  self->muc = muc;
  self->jid = sleek_jid_to_bare (jid);
  return self;
}

static void
room_set_joined (SleekMucRoom *self, gboolean joined)
{
  if (self->joined == joined)
    return;
  self->joined = joined;
  g_object_notify_by_pspec (G_OBJECT (self), room_properties[ROOM_PROP_JOINED]);
}

static void
room_set_nick (SleekMucRoom *self, const char *nick)
{
  if (g_strcmp0 (self->nick, nick) == 0)
    return;
  g_free (self->nick);
  self->nick = g_strdup (nick);
  g_object_notify_by_pspec (G_OBJECT (self), room_properties[ROOM_PROP_NICK]);
}

static void
room_clear_occupants (SleekMucRoom *self)
{
  self->self_occupant = NULL;
  g_hash_table_remove_all (self->by_nick);
  g_list_store_remove_all (self->occupants);
}

/* We are out: the plugin forgets the room. */
static void
room_forget (SleekMucRoom *self)
{
  g_autoptr(SleekMucRoom) hold G_GNUC_UNUSED = g_object_ref (self);

  room_clear_occupants (self);
  self->rejoin = FALSE;
  self->leaving = FALSE;
  room_set_joined (self, FALSE);
  if (self->muc != NULL)
    {
      SleekMucRoom *known = g_hash_table_lookup (self->muc->rooms, sleek_jid_get_bare (self->jid));

      if (known == self)
        g_hash_table_remove (self->muc->rooms, sleek_jid_get_bare (self->jid));
    }
}

static SleekBaseXmpp *
room_xmpp (SleekMucRoom *self)
{
  return self->muc != NULL ? sleek_plugin_get_xmpp (SLEEK_PLUGIN (self->muc)) : NULL;
}

/* A task for a request to the room with @source_tag; NULL, the error
 * already returned to @callback, when we are not in the room. */
static GTask *
room_task_new (SleekMucRoom *self, gpointer source_tag, GCancellable *cancellable, GAsyncReadyCallback callback,
               gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  if (room_xmpp (self) != NULL && self->joined)
    return g_steal_pointer (&task);
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _("We are not in the room %s"),
                           sleek_jid_get_bare (self->jid));
  return NULL;
}

/* The _finish of the requests that give a boolean. */
static gboolean
room_finish_boolean (SleekMucRoom *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static SleekJid *
room_occupant_jid (SleekMucRoom *self, const char *nick)
{
  return sleek_jid_with_resource (self->jid, nick, NULL);
}

static void
send_join_presence (SleekMucRoom *self, const char *nick, int max_stanzas, int seconds, GDateTime *since)
{
  SleekBaseXmpp *xmpp = room_xmpp (self);
  g_autoptr(SleekPresence) presence = sleek_presence_new ();
  g_autoptr(SleekJid) to = room_occupant_jid (self, nick);
  SleekNode *x = sleek_node_add_child_new (sleek_stanza_get_node (SLEEK_STANZA (presence)), "x", SLEEK_NS_MUC);

  sleek_stanza_set_to (SLEEK_STANZA (presence), to);
  if (self->password != NULL)
    sleek_node_set_child_text (x, "password", NULL, self->password);
  if (max_stanzas >= 0 || seconds >= 0 || since != NULL)
    {
      SleekNode *history = sleek_node_add_child_new (x, "history", NULL);

      if (max_stanzas >= 0)
        {
          g_autofree char *text = g_strdup_printf ("%d", max_stanzas);
          sleek_node_set_attribute (history, "maxstanzas", text);
        }
      if (seconds >= 0)
        {
          g_autofree char *text = g_strdup_printf ("%d", seconds);
          sleek_node_set_attribute (history, "seconds", text);
        }
      if (since != NULL)
        {
          g_autoptr(GDateTime) utc = g_date_time_to_utc (since);
          g_autofree char *text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
          sleek_node_set_attribute (history, "since", text);
        }
    }
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (presence));
}

/* Cancelling the requests that wait for a presence or a message */

typedef struct {
  SleekMucRoom *room;
  GTask *task;  /* not held: compared only */
} CancelWatch;

static void
cancel_watch_free (gpointer data)
{
  CancelWatch *watch = data;

  g_object_unref (watch->room);
  g_free (watch);
}

static void
destroy_source (gpointer source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static gboolean
on_task_cancelled (GCancellable *cancellable, gpointer user_data)
{
  CancelWatch *watch = user_data;
  SleekMucRoom *self = watch->room;
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Operation was cancelled"));
  g_autoptr(SleekMucRoom) hold G_GNUC_UNUSED = g_object_ref (self);

  if (self->join_task == watch->task)
    {
      /* The room may let us in all the same: go back out. */
      SleekBaseXmpp *xmpp = room_xmpp (self);
      g_autoptr(SleekJid) to = self->pending_nick != NULL ? room_occupant_jid (self, self->pending_nick) : NULL;

      if (xmpp != NULL && to != NULL)
        {
          g_autoptr(SleekPresence) presence = sleek_presence_new ();

          sleek_presence_set_presence_type (presence, SLEEK_PRESENCE_TYPE_UNAVAILABLE);
          sleek_stanza_set_to (SLEEK_STANZA (presence), to);
          sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (presence));
        }
      g_clear_pointer (&self->pending_nick, g_free);
      clear_task_with_error (&self->join_task, error);
      room_forget (self);
    }
  else if (self->nick_task == watch->task)
    {
      g_clear_pointer (&self->pending_nick, g_free);
      clear_task_with_error (&self->nick_task, error);
    }
  else if (self->leave_task == watch->task)
    {
      clear_task_with_error (&self->leave_task, error);
    }
  else if (self->subject_task == watch->task)
    {
      clear_task_with_error (&self->subject_task, error);
    }
  return G_SOURCE_REMOVE;
}

/* Fails @task, one of the room's waiting requests, as soon as its
 * cancellable is cancelled; the watch goes with the task. */
static void
room_watch_cancel (SleekMucRoom *self, GTask *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);
  CancelWatch *watch;
  GSource *source;

  if (cancellable == NULL)
    return;
  watch = g_new0 (CancelWatch, 1);
  watch->room = g_object_ref (self);
  watch->task = task;
  source = g_cancellable_source_new (cancellable);
  g_source_set_callback (source, G_SOURCE_FUNC (on_task_cancelled), watch, cancel_watch_free);
  g_source_set_static_name (source, "[sleek] MUC request cancelled");
  g_source_attach (source, g_task_get_context (task));
  g_object_set_data_full (G_OBJECT (task), "sleek-muc-cancel-watch", source, destroy_source);
}

/* Presences */

static gboolean
codes_contain (GArray *codes, guint code)
{
  for (guint i = 0; i < codes->len; i++)
    if (g_array_index (codes, guint, i) == code)
      return TRUE;
  return FALSE;
}

static guint
removal_code (GArray *codes)
{
  for (guint i = 0; i < G_N_ELEMENTS (removal_codes); i++)
    if (codes_contain (codes, removal_codes[i]))
      return removal_codes[i];
  return 0;
}

static GArray *
read_codes (SleekNode *x)
{
  GArray *codes = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) children = x != NULL ? sleek_node_get_children (x) : NULL;

  for (guint i = 0; children != NULL && i < children->len; i++)
    {
      SleekNode *child = g_ptr_array_index (children, i);
      const char *text = sleek_node_get_attribute (child, "code");
      guint64 code;

      if (!sleek_node_is (child, "status", SLEEK_NS_MUC_USER) || text == NULL)
        continue;
      if (g_ascii_string_to_unsigned (text, 10, 100, 999, &code, NULL))
        {
          guint value = (guint) code;
          g_array_append_val (codes, value);
        }
    }
  return codes;
}

static const char *
child_text (SleekNode *node, const char *name)
{
  SleekNode *child = node != NULL ? sleek_node_get_child (node, name, NULL) : NULL;

  return child != NULL ? sleek_node_get_text (child) : NULL;
}

static void
room_presence_error (SleekMucRoom *self, SleekStanza *presence, const char *nick)
{
  g_autoptr(GError) error = sleek_stanza_get_error (presence);

  if (error == NULL)
    error = g_error_new_literal (SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_UNDEFINED_CONDITION,
                                 _("The room refused without saying why"));
  if (g_strcmp0 (nick, self->pending_nick) != 0)
    {
      g_debug ("Error presence from %s/%s: %s", sleek_jid_get_bare (self->jid), nick, error->message);
      return;
    }
  g_clear_pointer (&self->pending_nick, g_free);
  if (self->nick_task != NULL)
    {
      clear_task_with_error (&self->nick_task, error);
      return;
    }
  if (!self->joined)
    {
      g_autoptr(SleekMucRoom) hold G_GNUC_UNUSED = g_object_ref (self);
      GTask *task = g_steal_pointer (&self->join_task);

      room_forget (self);
      if (task != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
        }
    }
}

static void
room_occupant_unavailable (SleekMucRoom *self, const char *nick, gboolean is_self, GArray *codes, SleekNode *x)
{
  SleekNode *item = x != NULL ? sleek_node_get_child (x, "item", SLEEK_NS_MUC_USER) : NULL;
  SleekMucOccupant *occupant = g_hash_table_lookup (self->by_nick, nick);
  const char *reason = child_text (item, "reason");
  guint position;

  if (codes_contain (codes, 303))
    {
      const char *new_nick = item != NULL ? sleek_node_get_attribute (item, "nick") : NULL;
      g_autofree char *old_nick = g_strdup (nick);

      if (new_nick == NULL || *new_nick == '\0')
        return;
      if (occupant != NULL)
        {
          g_autoptr(SleekMucOccupant) hold G_GNUC_UNUSED = g_object_ref (occupant);

          g_hash_table_remove (self->by_nick, nick);
          occupant_set_string (occupant, &occupant->nick, new_nick, OCC_PROP_NICK);
          g_hash_table_replace (self->by_nick, g_strdup (new_nick), occupant);
        }
      if (is_self)
        {
          room_set_nick (self, new_nick);
          g_clear_pointer (&self->pending_nick, g_free);
          clear_task_with_success (&self->nick_task);
        }
      if (occupant != NULL)
        g_signal_emit (self, room_signals[ROOM_SIGNAL_OCCUPANT_RENAMED], 0, occupant, old_nick);
      return;
    }

  if (is_self)
    {
      g_autoptr(SleekMucRoom) hold G_GNUC_UNUSED = g_object_ref (self);
      SleekNode *destroy = x != NULL ? sleek_node_get_child (x, "destroy", SLEEK_NS_MUC_USER) : NULL;
      SleekNode *actor = item != NULL ? sleek_node_get_child (item, "actor", SLEEK_NS_MUC_USER) : NULL;
      gboolean leaving = self->leaving;

      g_array_set_size (self->codes, 0);
      g_array_append_vals (self->codes, codes->data, codes->len);
      room_forget (self);
      if (leaving)
        clear_task_with_success (&self->leave_task);
      else if (destroy != NULL)
        {
          const char *alt_text = sleek_node_get_attribute (destroy, "jid");
          g_autoptr(SleekJid) alternate = alt_text != NULL ? sleek_jid_new (alt_text, NULL) : NULL;

          g_signal_emit (self, room_signals[ROOM_SIGNAL_DESTROYED], 0, alternate, child_text (destroy, "reason"));
        }
      else
        {
          g_signal_emit (self, room_signals[ROOM_SIGNAL_KICKED], 0, removal_code (codes),
                         actor != NULL ? sleek_node_get_attribute (actor, "nick") : NULL, reason);
        }
      return;
    }

  if (occupant == NULL)
    return;
  g_object_ref (occupant);
  g_hash_table_remove (self->by_nick, nick);
  if (g_list_store_find (self->occupants, occupant, &position))
    g_list_store_remove (self->occupants, position);
  g_signal_emit (self, room_signals[ROOM_SIGNAL_OCCUPANT_LEFT], 0, occupant, removal_code (codes), reason);
  g_object_unref (occupant);
}

static void
room_handle_presence (SleekMucRoom *self, SleekPresence *presence, const char *nick)
{
  SleekNode *node = sleek_stanza_get_node (SLEEK_STANZA (presence));
  SleekNode *x = sleek_node_get_child (node, "x", SLEEK_NS_MUC_USER);
  SleekNode *item = x != NULL ? sleek_node_get_child (x, "item", SLEEK_NS_MUC_USER) : NULL;
  g_autoptr(GArray) codes = NULL;
  SleekMucOccupant *occupant;
  gboolean is_self;
  gboolean is_new = FALSE;

  switch (sleek_presence_get_presence_type (presence))
    {
    case SLEEK_PRESENCE_TYPE_ERROR:
      room_presence_error (self, SLEEK_STANZA (presence), nick);
      return;
    case SLEEK_PRESENCE_TYPE_AVAILABLE:
    case SLEEK_PRESENCE_TYPE_UNAVAILABLE:
      break;
    default:
      return;
    }

  codes = read_codes (x);
  is_self = codes_contain (codes, 110)
            || (self->joined && g_strcmp0 (nick, self->nick) == 0)
            || (!self->joined && g_strcmp0 (nick, self->pending_nick) == 0);

  if (sleek_presence_get_presence_type (presence) == SLEEK_PRESENCE_TYPE_UNAVAILABLE)
    {
      room_occupant_unavailable (self, nick, is_self, codes, x);
      return;
    }

  occupant = g_hash_table_lookup (self->by_nick, nick);
  if (occupant == NULL)
    {
      occupant = g_object_new (SLEEK_TYPE_MUC_OCCUPANT, NULL);
      occupant->nick = g_strdup (nick);
      g_hash_table_replace (self->by_nick, g_strdup (nick), occupant);
      occupant_update (occupant, presence, item);
      g_list_store_append (self->occupants, occupant);
      g_object_unref (occupant);  /* the store holds it */
      is_new = TRUE;
    }
  else
    {
      occupant_update (occupant, presence, item);
    }

  if (is_self)
    {
      self->self_occupant = occupant;
      g_array_set_size (self->codes, 0);
      g_array_append_vals (self->codes, codes->data, codes->len);
    }
  g_signal_emit (self, room_signals[is_new ? ROOM_SIGNAL_OCCUPANT_JOINED : ROOM_SIGNAL_OCCUPANT_CHANGED], 0,
                 occupant);

  if (is_self && !self->joined)
    {
      GTask *task = g_steal_pointer (&self->join_task);

      g_clear_pointer (&self->pending_nick, g_free);
      room_set_nick (self, nick);
      room_set_joined (self, TRUE);
      if (task != NULL)
        {
          g_task_return_pointer (task, g_object_ref (self), g_object_unref);
          g_object_unref (task);
        }
    }
  else if (is_self && self->nick_task != NULL && g_strcmp0 (nick, self->pending_nick) == 0)
    {
      g_clear_pointer (&self->pending_nick, g_free);
      room_set_nick (self, nick);
      clear_task_with_success (&self->nick_task);
    }
}

/* Messages */

static void
room_handle_message (SleekMucRoom *self, SleekMessage *message, const char *nick)
{
  SleekNode *node = sleek_stanza_get_node (SLEEK_STANZA (message));
  SleekMessageType type = sleek_message_get_message_type (message);

  if (type == SLEEK_MESSAGE_TYPE_ERROR)
    {
      const char *id = sleek_stanza_get_id (SLEEK_STANZA (message));

      if (self->subject_task != NULL && id != NULL && g_strcmp0 (id, self->subject_id) == 0)
        {
          g_autoptr(GError) error = sleek_stanza_get_error (SLEEK_STANZA (message));

          if (error == NULL)
            error = g_error_new_literal (SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_UNDEFINED_CONDITION,
                                         _("The room refused without saying why"));
          clear_task_with_error (&self->subject_task, error);
        }
      return;
    }

  if (type == SLEEK_MESSAGE_TYPE_GROUPCHAT)
    {
      SleekNode *subject = sleek_node_get_child (node, "subject", NULL);

      if (subject != NULL && sleek_message_get_body (message) == NULL)
        {
          const char *text = sleek_node_get_text (subject);

          if (g_strcmp0 (self->subject, text) != 0)
            {
              g_free (self->subject);
              self->subject = g_strdup (text != NULL ? text : "");
              g_object_notify_by_pspec (G_OBJECT (self), room_properties[ROOM_PROP_SUBJECT]);
            }
          g_signal_emit (self, room_signals[ROOM_SIGNAL_SUBJECT_CHANGED], 0, nick);
          if (nick != NULL && g_strcmp0 (nick, self->nick) == 0)
            clear_task_with_success (&self->subject_task);
          return;
        }
      g_clear_pointer (&self->last_message, g_date_time_unref);
      self->last_message = g_date_time_new_now_utc ();
      g_signal_emit (self, room_signals[ROOM_SIGNAL_MESSAGE], 0, nick, message);
      return;
    }

  if (nick != NULL && sleek_message_get_body (message) != NULL)
    g_signal_emit (self, room_signals[ROOM_SIGNAL_PRIVATE_MESSAGE], 0, nick, message);
}

/* Getters */

/**
 * sleek_muc_room_get_jid: (get-property jid)
 * @self: a [class@Sleek.MucRoom]
 *
 * Gets the room's bare JID.
 *
 * Returns: (transfer none): the JID
 */
SleekJid *
sleek_muc_room_get_jid (SleekMucRoom *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_ROOM (self), NULL);
  return self->jid;
}

/**
 * sleek_muc_room_get_nick: (get-property nick)
 * @self: a [class@Sleek.MucRoom]
 *
 * Gets our nickname in the room.
 *
 * Returns: (nullable): the nickname, or %NULL before the room has
 *   accepted us
 */
const char *
sleek_muc_room_get_nick (SleekMucRoom *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_ROOM (self), NULL);
  return self->nick;
}

/**
 * sleek_muc_room_get_joined: (get-property joined)
 * @self: a [class@Sleek.MucRoom]
 *
 * Gets whether we are in the room.
 *
 * Returns: %TRUE while we are in the room
 */
gboolean
sleek_muc_room_get_joined (SleekMucRoom *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_ROOM (self), FALSE);
  return self->joined;
}

/**
 * sleek_muc_room_get_subject: (get-property subject)
 * @self: a [class@Sleek.MucRoom]
 *
 * Gets the room's subject.
 *
 * Returns: (nullable): the subject, empty when there is none, %NULL
 *   before the room has told it
 */
const char *
sleek_muc_room_get_subject (SleekMucRoom *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_ROOM (self), NULL);
  return self->subject;
}

/**
 * sleek_muc_room_get_occupants:
 * @self: a [class@Sleek.MucRoom]
 *
 * Gets the room's occupants, ourselves included, in the order they came
 * in. The model changes as occupants come and go, and empties when we
 * leave the room.
 *
 * Returns: (transfer none): a list model of [class@Sleek.MucOccupant]
 */
GListModel *
sleek_muc_room_get_occupants (SleekMucRoom *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_ROOM (self), NULL);
  return G_LIST_MODEL (self->occupants);
}

/**
 * sleek_muc_room_get_occupant:
 * @self: a [class@Sleek.MucRoom]
 * @nick: a nickname
 *
 * Looks up an occupant by nickname.
 *
 * Returns: (transfer none) (nullable): the occupant, or %NULL when no one
 *   in the room has that nickname
 */
SleekMucOccupant *
sleek_muc_room_get_occupant (SleekMucRoom *self, const char *nick)
{
  g_return_val_if_fail (SLEEK_IS_MUC_ROOM (self), NULL);
  g_return_val_if_fail (nick != NULL, NULL);
  return g_hash_table_lookup (self->by_nick, nick);
}

/**
 * sleek_muc_room_get_self:
 * @self: a [class@Sleek.MucRoom]
 *
 * Gets our own occupant, with the role and affiliation the room gave us.
 *
 * Returns: (transfer none) (nullable): ourselves, or %NULL when out of
 *   the room
 */
SleekMucOccupant *
sleek_muc_room_get_self (SleekMucRoom *self)
{
  g_return_val_if_fail (SLEEK_IS_MUC_ROOM (self), NULL);
  return self->self_occupant;
}

/**
 * sleek_muc_room_has_status:
 * @self: a [class@Sleek.MucRoom]
 * @code: a XEP-0045 status code, such as 201 (the room was created for
 *   us), 100 (everyone sees our real JID), 170 (the room is logged) or
 *   210 (the room changed our nickname)
 *
 * Tells whether the latest presence the room sent about us carried
 * @code.
 *
 * Returns: %TRUE when it did
 */
gboolean
sleek_muc_room_has_status (SleekMucRoom *self, guint code)
{
  g_return_val_if_fail (SLEEK_IS_MUC_ROOM (self), FALSE);
  return codes_contain (self->codes, code);
}

/* Messages out */

static void
room_send_message (SleekMucRoom *self, const char *nick, const char *type, const char *body, const char *subject,
                   const char *id)
{
  SleekBaseXmpp *xmpp = room_xmpp (self);
  g_autoptr(SleekMessage) message = NULL;
  g_autoptr(SleekJid) to = nick != NULL ? room_occupant_jid (self, nick) : sleek_jid_ref (self->jid);

  if (xmpp == NULL || to == NULL)
    return;
  message = sleek_message_new ();
  sleek_stanza_set_to (SLEEK_STANZA (message), to);
  sleek_stanza_set_stanza_type (SLEEK_STANZA (message), type);
  if (id != NULL)
    sleek_stanza_set_id (SLEEK_STANZA (message), id);
  if (subject != NULL)
    sleek_message_set_subject (message, subject);
  if (body != NULL)
    sleek_message_set_body (message, body);
  if (nick != NULL)
    sleek_node_add_child_new (sleek_stanza_get_node (SLEEK_STANZA (message)), "x", SLEEK_NS_MUC_USER);
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (message));
}

/**
 * sleek_muc_room_send_message:
 * @self: a [class@Sleek.MucRoom]
 * @body: the text
 *
 * Sends a message to everyone in the room. The room reflects it back,
 * through [signal@Sleek.MucRoom::message].
 */
void
sleek_muc_room_send_message (SleekMucRoom *self, const char *body)
{
  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (body != NULL);

  room_send_message (self, NULL, "groupchat", body, NULL, NULL);
}

/**
 * sleek_muc_room_send_private_message:
 * @self: a [class@Sleek.MucRoom]
 * @nick: the occupant's nickname
 * @body: the text
 *
 * Sends a private message to one occupant through the room.
 */
void
sleek_muc_room_send_private_message (SleekMucRoom *self, const char *nick, const char *body)
{
  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (nick != NULL && *nick != '\0');
  g_return_if_fail (body != NULL);

  room_send_message (self, nick, "chat", body, NULL, NULL);
}

/**
 * sleek_muc_room_invite:
 * @self: a [class@Sleek.MucRoom]
 * @jid: whom to invite
 * @reason: (nullable): a few words for them
 *
 * Invites someone through the room (a mediated invitation): the room
 * passes the invitation on, with the password if the room has one.
 */
void
sleek_muc_room_invite (SleekMucRoom *self, SleekJid *jid, const char *reason)
{
  SleekBaseXmpp *xmpp;
  g_autoptr(SleekMessage) message = NULL;
  SleekNode *x;
  SleekNode *invite;

  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (jid != NULL);

  xmpp = room_xmpp (self);
  if (xmpp == NULL)
    return;
  message = sleek_message_new ();
  sleek_stanza_set_to (SLEEK_STANZA (message), self->jid);
  x = sleek_node_add_child_new (sleek_stanza_get_node (SLEEK_STANZA (message)), "x", SLEEK_NS_MUC_USER);
  invite = sleek_node_add_child_new (x, "invite", NULL);
  sleek_node_set_attribute (invite, "to", sleek_jid_to_string (jid));
  if (reason != NULL)
    sleek_node_set_child_text (invite, "reason", NULL, reason);
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (message));
}

/* Leaving, subject, nickname */

/**
 * sleek_muc_room_leave_async:
 * @self: a [class@Sleek.MucRoom]
 * @status: (nullable): a parting word for the others
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called once out
 * @user_data: data for @callback
 *
 * Leaves the room; it finishes when the room confirms, and the plugin
 * forgets the room then.
 */
void
sleek_muc_room_leave_async (SleekMucRoom *self, const char *status, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekPresence) presence = NULL;
  g_autoptr(SleekJid) to = NULL;

  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));

  task = room_task_new (self, sleek_muc_room_leave_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  if (self->leave_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("Already leaving the room"));
      return;
    }
  presence = sleek_presence_new ();
  sleek_presence_set_presence_type (presence, SLEEK_PRESENCE_TYPE_UNAVAILABLE);
  to = room_occupant_jid (self, self->nick);
  sleek_stanza_set_to (SLEEK_STANZA (presence), to);
  if (status != NULL)
    sleek_presence_set_status (presence, status);
  self->leaving = TRUE;
  self->leave_task = g_steal_pointer (&task);
  room_watch_cancel (self, self->leave_task);
  sleek_xml_stream_send (SLEEK_XML_STREAM (room_xmpp (self)), SLEEK_STANZA (presence));
}

/**
 * sleek_muc_room_leave_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.MucRoom.leave_async].
 *
 * Returns: %TRUE once out of the room
 */
gboolean
sleek_muc_room_leave_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  return room_finish_boolean (self, result, sleek_muc_room_leave_async, error);
}

/**
 * sleek_muc_room_set_subject_async:
 * @self: a [class@Sleek.MucRoom]
 * @subject: the new subject; empty to clear it
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the room's
 *   answer
 * @user_data: data for @callback
 *
 * Changes the room's subject. It finishes when the room announces the
 * new subject, or with the [error@Sleek.StanzaError] the room answered
 * (%SLEEK_STANZA_ERROR_FORBIDDEN when we may not).
 */
void
sleek_muc_room_set_subject_async (SleekMucRoom *self, const char *subject, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (subject != NULL);

  task = room_task_new (self, sleek_muc_room_set_subject_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  if (self->subject_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("A subject change is already under way"));
      return;
    }
  g_free (self->subject_id);
  self->subject_id = sleek_base_xmpp_new_id (room_xmpp (self));
  self->subject_task = g_steal_pointer (&task);
  room_watch_cancel (self, self->subject_task);
  room_send_message (self, NULL, "groupchat", NULL, subject, self->subject_id);
}

/**
 * sleek_muc_room_set_subject_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.MucRoom.set_subject_async].
 *
 * Returns: %TRUE when the room took the subject
 */
gboolean
sleek_muc_room_set_subject_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  return room_finish_boolean (self, result, sleek_muc_room_set_subject_async, error);
}

/**
 * sleek_muc_room_change_nick_async:
 * @self: a [class@Sleek.MucRoom]
 * @nick: the new nickname
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the room's
 *   answer
 * @user_data: data for @callback
 *
 * Changes our nickname in the room. It finishes when the room confirms,
 * or with %SLEEK_STANZA_ERROR_CONFLICT when someone has the nickname.
 */
void
sleek_muc_room_change_nick_async (SleekMucRoom *self, const char *nick, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekPresence) presence = NULL;
  g_autoptr(SleekJid) to = NULL;

  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (nick != NULL);

  task = room_task_new (self, sleek_muc_room_change_nick_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  if (self->nick_task != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("A nickname change is already under way"));
      return;
    }
  to = room_occupant_jid (self, nick);
  if (to == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a valid nickname"),
                               nick);
      return;
    }
  presence = sleek_presence_new ();
  sleek_stanza_set_to (SLEEK_STANZA (presence), to);
  g_free (self->pending_nick);
  self->pending_nick = g_strdup (sleek_jid_get_resource (to));
  self->nick_task = g_steal_pointer (&task);
  room_watch_cancel (self, self->nick_task);
  sleek_xml_stream_send (SLEEK_XML_STREAM (room_xmpp (self)), SLEEK_STANZA (presence));
}

/**
 * sleek_muc_room_change_nick_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.MucRoom.change_nick_async].
 *
 * Returns: %TRUE when the room took the nickname
 */
gboolean
sleek_muc_room_change_nick_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  return room_finish_boolean (self, result, sleek_muc_room_change_nick_async, error);
}

/* IQ requests to the room */

typedef enum {
  ANSWER_NONE,
  ANSWER_FORM,
  ANSWER_JIDS,
} AnswerKind;

static void
on_room_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  AnswerKind kind = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  SleekNode *query;

  if (answer == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  query = sleek_iq_get_payload (answer);

  switch (kind)
    {
    case ANSWER_NONE:
      g_task_return_boolean (task, TRUE);
      return;
    case ANSWER_FORM:
      {
        SleekNode *x = query != NULL ? sleek_node_get_child (query, "x", SLEEK_NS_DATA_FORMS) : NULL;
        g_autoptr(SleekStanza) form = NULL;

        g_type_ensure (SLEEK_TYPE_DATA_FORM);
        if (x != NULL)
          {
            g_autoptr(SleekNode) copy = sleek_node_copy (x);
            form = sleek_stanza_new_for_node (copy);
          }
        if (form == NULL || !SLEEK_IS_DATA_FORM (form))
          {
            g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                     _("The room answered without a configuration form"));
            return;
          }
        g_task_return_pointer (task, g_steal_pointer (&form), g_object_unref);
        return;
      }
    case ANSWER_JIDS:
      {
        g_autoptr(GPtrArray) jids = g_ptr_array_new_with_free_func ((GDestroyNotify) sleek_jid_unref);
        g_autoptr(GPtrArray) items = NULL;

        if (query == NULL || !sleek_node_is (query, "query", SLEEK_NS_MUC_ADMIN))
          {
            g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                     _("The room answered without a list"));
            return;
          }
        items = sleek_node_get_children (query);
        for (guint i = 0; i < items->len; i++)
          {
            SleekNode *item = g_ptr_array_index (items, i);
            const char *text = sleek_node_get_attribute (item, "jid");
            SleekJid *jid;

            if (!sleek_node_is (item, "item", SLEEK_NS_MUC_ADMIN) || text == NULL)
              continue;
            jid = sleek_jid_new (text, NULL);
            if (jid != NULL)
              g_ptr_array_add (jids, jid);
          }
        g_task_return_pointer (task, g_steal_pointer (&jids), (GDestroyNotify) g_ptr_array_unref);
        return;
      }
    }
  g_assert_not_reached ();
}

/* Sends @query to the room in an iq of @type, @task (transfer full) getting
 * the answer as @kind says. */
static void
room_send_query (SleekMucRoom *self, GTask *task, const char *type, SleekNode *query, AnswerKind kind)
{
  g_autoptr(GTask) owned = task;
  SleekBaseXmpp *xmpp = room_xmpp (self);
  g_autoptr(SleekIq) iq = NULL;

  if (xmpp == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, _("The plugin is not enabled"));
      return;
    }
  g_task_set_task_data (task, GUINT_TO_POINTER (kind), NULL);
  iq = sleek_base_xmpp_make_iq (xmpp, type, sleek_jid_get_bare (self->jid), query);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, g_task_get_cancellable (task), on_room_answer,
                                 g_steal_pointer (&owned));
}

/* Sends a muc#admin query of @type with one item, @attribute='@value' and
 * @name='@name_value' (when @name is not NULL), and a reason. */
static void
room_admin_request (SleekMucRoom *self, gpointer source_tag, const char *type, AnswerKind kind,
                    const char *attribute, const char *value, const char *name, const char *name_value,
                    const char *reason, GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task = room_task_new (self, source_tag, cancellable, callback, user_data);
  g_autoptr(SleekNode) query = NULL;
  SleekNode *item;

  if (task == NULL)
    return;
  query = sleek_node_new ("query", SLEEK_NS_MUC_ADMIN);
  item = sleek_node_add_child_new (query, "item", NULL);
  sleek_node_set_attribute (item, attribute, value);
  if (name != NULL)
    sleek_node_set_attribute (item, name, name_value);
  if (reason != NULL)
    sleek_node_set_child_text (item, "reason", NULL, reason);
  room_send_query (self, task, type, query, kind);
}

/**
 * sleek_muc_room_set_role_async:
 * @self: a [class@Sleek.MucRoom]
 * @nick: the occupant's nickname
 * @role: the new role: %SLEEK_MUC_ROLE_NONE kicks, %SLEEK_MUC_ROLE_VISITOR
 *   takes voice, %SLEEK_MUC_ROLE_PARTICIPANT grants it,
 *   %SLEEK_MUC_ROLE_MODERATOR makes a moderator
 * @reason: (nullable): the reason, which the room passes on
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Changes an occupant's role; moderators may.
 */
void
sleek_muc_room_set_role_async (SleekMucRoom *self, const char *nick, SleekMucRole role, const char *reason,
                               GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (nick != NULL);
  g_return_if_fail (role <= SLEEK_MUC_ROLE_MODERATOR);

  room_admin_request (self, sleek_muc_room_set_role_async, "set", ANSWER_NONE, "nick", nick, "role",
                      role_names[role], reason, cancellable, callback, user_data);
}

/**
 * sleek_muc_room_set_role_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error: the [error@Sleek.StanzaError]
 *   the room answered, such as %SLEEK_STANZA_ERROR_NOT_ALLOWED
 *
 * Finishes [method@Sleek.MucRoom.set_role_async].
 *
 * Returns: %TRUE when the room made the change
 */
gboolean
sleek_muc_room_set_role_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  return room_finish_boolean (self, result, sleek_muc_room_set_role_async, error);
}

/**
 * sleek_muc_room_set_affiliation_async:
 * @self: a [class@Sleek.MucRoom]
 * @jid: the user's bare JID
 * @affiliation: the new affiliation: %SLEEK_MUC_AFFILIATION_OUTCAST bans,
 *   %SLEEK_MUC_AFFILIATION_NONE revokes any
 * @reason: (nullable): the reason, which the room passes on
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Changes a user's affiliation with the room; admins and owners may.
 */
void
sleek_muc_room_set_affiliation_async (SleekMucRoom *self, SleekJid *jid, SleekMucAffiliation affiliation,
                                      const char *reason, GCancellable *cancellable, GAsyncReadyCallback callback,
                                      gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (jid != NULL);
  g_return_if_fail (affiliation <= SLEEK_MUC_AFFILIATION_OWNER);

  room_admin_request (self, sleek_muc_room_set_affiliation_async, "set", ANSWER_NONE, "jid",
                      sleek_jid_get_bare (jid), "affiliation", affiliation_names[affiliation], reason, cancellable,
                      callback, user_data);
}

/**
 * sleek_muc_room_set_affiliation_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error: the [error@Sleek.StanzaError]
 *   the room answered
 *
 * Finishes [method@Sleek.MucRoom.set_affiliation_async].
 *
 * Returns: %TRUE when the room made the change
 */
gboolean
sleek_muc_room_set_affiliation_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  return room_finish_boolean (self, result, sleek_muc_room_set_affiliation_async, error);
}

/**
 * sleek_muc_room_kick_async:
 * @self: a [class@Sleek.MucRoom]
 * @nick: the occupant's nickname
 * @reason: (nullable): the reason
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Kicks an occupant out: [method@Sleek.MucRoom.set_role_async] with
 * %SLEEK_MUC_ROLE_NONE.
 */
void
sleek_muc_room_kick_async (SleekMucRoom *self, const char *nick, const char *reason, GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (nick != NULL);

  room_admin_request (self, sleek_muc_room_kick_async, "set", ANSWER_NONE, "nick", nick, "role", "none", reason,
                      cancellable, callback, user_data);
}

/**
 * sleek_muc_room_kick_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.MucRoom.kick_async].
 *
 * Returns: %TRUE when the room kicked the occupant
 */
gboolean
sleek_muc_room_kick_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  return room_finish_boolean (self, result, sleek_muc_room_kick_async, error);
}

/**
 * sleek_muc_room_ban_async:
 * @self: a [class@Sleek.MucRoom]
 * @jid: the user's bare JID
 * @reason: (nullable): the reason
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Bans a user: [method@Sleek.MucRoom.set_affiliation_async] with
 * %SLEEK_MUC_AFFILIATION_OUTCAST.
 */
void
sleek_muc_room_ban_async (SleekMucRoom *self, SleekJid *jid, const char *reason, GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (jid != NULL);

  room_admin_request (self, sleek_muc_room_ban_async, "set", ANSWER_NONE, "jid", sleek_jid_get_bare (jid),
                      "affiliation", "outcast", reason, cancellable, callback, user_data);
}

/**
 * sleek_muc_room_ban_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.MucRoom.ban_async].
 *
 * Returns: %TRUE when the room banned the user
 */
gboolean
sleek_muc_room_ban_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  return room_finish_boolean (self, result, sleek_muc_room_ban_async, error);
}

/**
 * sleek_muc_room_get_affiliations_async:
 * @self: a [class@Sleek.MucRoom]
 * @affiliation: which list: outcasts, members, admins or owners
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the list
 * @user_data: data for @callback
 *
 * Asks the room who has @affiliation.
 */
void
sleek_muc_room_get_affiliations_async (SleekMucRoom *self, SleekMucAffiliation affiliation,
                                       GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (affiliation > SLEEK_MUC_AFFILIATION_NONE && affiliation <= SLEEK_MUC_AFFILIATION_OWNER);

  room_admin_request (self, sleek_muc_room_get_affiliations_async, "get", ANSWER_JIDS, "affiliation",
                      affiliation_names[affiliation], NULL, NULL, NULL, cancellable, callback, user_data);
}

/**
 * sleek_muc_room_get_affiliations_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.MucRoom.get_affiliations_async].
 *
 * Returns: (transfer container) (element-type SleekJid): the JIDs with the
 *   affiliation, or %NULL on error
 */
GPtrArray *
sleek_muc_room_get_affiliations_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sleek_muc_room_get_config_async:
 * @self: a [class@Sleek.MucRoom]
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the form
 * @user_data: data for @callback
 *
 * Asks the room for its configuration form; owners may. A room we just
 * created (status 201, see [method@Sleek.MucRoom.has_status]) stays
 * locked until [method@Sleek.MucRoom.set_config_async].
 */
void
sleek_muc_room_get_config_async (SleekMucRoom *self, GCancellable *cancellable, GAsyncReadyCallback callback,
                                 gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) query = NULL;

  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));

  task = room_task_new (self, sleek_muc_room_get_config_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  query = sleek_node_new ("query", SLEEK_NS_MUC_OWNER);
  room_send_query (self, g_steal_pointer (&task), "get", query, ANSWER_FORM);
}

/**
 * sleek_muc_room_get_config_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.MucRoom.get_config_async].
 *
 * Returns: (transfer full): the room's form, to fill in and give to
 *   [method@Sleek.MucRoom.set_config_async], or %NULL on error
 */
SleekDataForm *
sleek_muc_room_get_config_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sleek_muc_room_set_config_async:
 * @self: a [class@Sleek.MucRoom]
 * @form: (nullable): the filled-in form (a submit form, or the room's
 *   form, which is submitted), or %NULL to accept the defaults: an
 *   instant room
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Configures the room, which unlocks a room just created.
 */
void
sleek_muc_room_set_config_async (SleekMucRoom *self, SleekDataForm *form, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) query = NULL;
  g_autoptr(SleekDataForm) submit = NULL;

  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));
  g_return_if_fail (form == NULL || SLEEK_IS_DATA_FORM (form));

  task = room_task_new (self, sleek_muc_room_set_config_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  if (form == NULL)
    submit = sleek_data_form_new (SLEEK_DATA_FORM_TYPE_SUBMIT);
  else if (sleek_data_form_get_form_type (form) == SLEEK_DATA_FORM_TYPE_FORM)
    submit = sleek_data_form_make_submit (form);
  else
    submit = g_object_ref (form);
  query = sleek_node_new ("query", SLEEK_NS_MUC_OWNER);
  {
    g_autoptr(SleekNode) copy = sleek_node_copy (sleek_stanza_get_node (SLEEK_STANZA (submit)));
    sleek_node_add_child (query, copy);
  }
  room_send_query (self, g_steal_pointer (&task), "set", query, ANSWER_NONE);
}

/**
 * sleek_muc_room_set_config_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.MucRoom.set_config_async].
 *
 * Returns: %TRUE when the room took the configuration
 */
gboolean
sleek_muc_room_set_config_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  return room_finish_boolean (self, result, sleek_muc_room_set_config_async, error);
}

/**
 * sleek_muc_room_destroy_async:
 * @self: a [class@Sleek.MucRoom]
 * @reason: (nullable): the reason, which the room tells its occupants
 * @alternate: (nullable): a room for them to go to instead
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the answer
 * @user_data: data for @callback
 *
 * Destroys the room; owners may. The room's presence then reports it
 * through [signal@Sleek.MucRoom::destroyed].
 */
void
sleek_muc_room_destroy_async (SleekMucRoom *self, const char *reason, SleekJid *alternate,
                              GCancellable *cancellable, GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) query = NULL;
  SleekNode *destroy;

  g_return_if_fail (SLEEK_IS_MUC_ROOM (self));

  task = room_task_new (self, sleek_muc_room_destroy_async, cancellable, callback, user_data);
  if (task == NULL)
    return;
  query = sleek_node_new ("query", SLEEK_NS_MUC_OWNER);
  destroy = sleek_node_add_child_new (query, "destroy", NULL);
  if (alternate != NULL)
    sleek_node_set_attribute (destroy, "jid", sleek_jid_to_string (alternate));
  if (reason != NULL)
    sleek_node_set_child_text (destroy, "reason", NULL, reason);
  room_send_query (self, g_steal_pointer (&task), "set", query, ANSWER_NONE);
}

/**
 * sleek_muc_room_destroy_finish:
 * @self: a [class@Sleek.MucRoom]
 * @result: the result
 * @error: return location for an error
 *
 * Finishes [method@Sleek.MucRoom.destroy_async].
 *
 * Returns: %TRUE when the room was destroyed
 */
gboolean
sleek_muc_room_destroy_finish (SleekMucRoom *self, GAsyncResult *result, GError **error)
{
  return room_finish_boolean (self, result, sleek_muc_room_destroy_async, error);
}

/* ------------------------------------------------------------------ */
/* SleekMuc                                                            */
/* ------------------------------------------------------------------ */

/**
 * SleekMuc:
 *
 * The `xep_0045` plugin: XEP-0045 Multi-User Chat, with XEP-0249 direct
 * invitations.
 *
 * [method@Sleek.Muc.join_async] enters a room and gives a
 * [class@Sleek.MucRoom], which has the occupants, the subject, the
 * messages, moderation and configuration. A room that does not let us in
 * fails the join with a [error@Sleek.StanzaError]:
 * %SLEEK_STANZA_ERROR_CONFLICT (the nickname is taken),
 * %SLEEK_STANZA_ERROR_NOT_AUTHORIZED (a password is needed),
 * %SLEEK_STANZA_ERROR_FORBIDDEN (we are banned),
 * %SLEEK_STANZA_ERROR_REGISTRATION_REQUIRED (members only),
 * %SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE (the room is full) or
 * %SLEEK_STANZA_ERROR_ITEM_NOT_FOUND (the room is locked or does not
 * exist).
 *
 * When a new session starts after the connection was lost, the plugin
 * joins again the rooms it was in, under the same nickname and password,
 * asking for the history since the last message it saw; meanwhile their
 * [property@Sleek.MucRoom:joined] is %FALSE and their occupants are
 * empty. A room that refuses us then is forgotten like one we left.
 *
 * ```c
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0045", &error);
 * muc = SLEEK_MUC (sleek_base_xmpp_get_plugin (xmpp, "xep_0045"));
 * room_jid = sleek_jid_new ("garden@conference.example.com", &error);
 * // The last 20 messages, with no password.
 * sleek_muc_join_async (muc, room_jid, "juliet", NULL, 20, -1, NULL, NULL, on_joined, data);
 *
 * static void
 * on_joined (GObject *source, GAsyncResult *result, gpointer data)
 * {
 *   g_autoptr(SleekMucRoom) room = sleek_muc_join_finish (SLEEK_MUC (source), result, NULL);
 *
 *   if (room != NULL && sleek_muc_room_has_status (room, 201))
 *     sleek_muc_room_set_config_async (room, NULL, NULL, on_configured, data);  // an instant room
 * }
 * ```
 */
enum {
  MUC_SIGNAL_INVITATION_RECEIVED,
  MUC_SIGNAL_INVITATION_DECLINED,
  MUC_N_SIGNALS
};

static guint muc_signals[MUC_N_SIGNALS];

G_DEFINE_FINAL_TYPE (SleekMuc, sleek_muc, SLEEK_TYPE_PLUGIN)

static SleekMucRoom *
lookup_room (SleekMuc *self, SleekJid *jid)
{
  return jid != NULL ? g_hash_table_lookup (self->rooms, sleek_jid_get_bare (jid)) : NULL;
}

static void
on_presence (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekMuc *self = user_data;
  SleekJid *from = sleek_stanza_get_from (stanza);
  SleekMucRoom *room = lookup_room (self, from);
  const char *nick = from != NULL ? sleek_jid_get_resource (from) : NULL;
  g_autoptr(SleekMucRoom) hold G_GNUC_UNUSED = NULL;

  if (room == NULL || !SLEEK_IS_PRESENCE (stanza))
    return;
  /* Some services send the refusal from the room's bare JID. */
  if ((nick == NULL || *nick == '\0')
      && sleek_presence_get_presence_type (SLEEK_PRESENCE (stanza)) == SLEEK_PRESENCE_TYPE_ERROR)
    nick = room->pending_nick;
  if (nick == NULL || *nick == '\0')
    return;
  hold = g_object_ref (room);
  room_handle_presence (room, SLEEK_PRESENCE (stanza), nick);
}

static gboolean
handle_invitation (SleekMuc *self, SleekMessage *message, SleekJid *from)
{
  SleekNode *node = sleek_stanza_get_node (SLEEK_STANZA (message));
  SleekNode *direct = sleek_node_get_child (node, "x", SLEEK_NS_CONFERENCE);
  SleekNode *x = sleek_node_get_child (node, "x", SLEEK_NS_MUC_USER);
  SleekNode *invite = x != NULL ? sleek_node_get_child (x, "invite", SLEEK_NS_MUC_USER) : NULL;
  SleekNode *decline = x != NULL ? sleek_node_get_child (x, "decline", SLEEK_NS_MUC_USER) : NULL;

  /* A room passing an invitation on may add the XEP-0249 element too:
   * the mediated form comes first. */
  if (sleek_jid_is_bare (from) && invite != NULL)
    {
      const char *inviter_text = sleek_node_get_attribute (invite, "from");
      g_autoptr(SleekJid) inviter = inviter_text != NULL ? sleek_jid_new (inviter_text, NULL) : NULL;

      g_signal_emit (self, muc_signals[MUC_SIGNAL_INVITATION_RECEIVED], 0, from, inviter,
                     child_text (invite, "reason"), child_text (x, "password"), FALSE);
      return TRUE;
    }
  if (sleek_jid_is_bare (from) && decline != NULL)
    {
      const char *decliner_text = sleek_node_get_attribute (decline, "from");
      g_autoptr(SleekJid) decliner = decliner_text != NULL ? sleek_jid_new (decliner_text, NULL) : NULL;

      g_signal_emit (self, muc_signals[MUC_SIGNAL_INVITATION_DECLINED], 0, from, decliner,
                     child_text (decline, "reason"));
      return TRUE;
    }
  if (direct != NULL)
    {
      const char *room_text = sleek_node_get_attribute (direct, "jid");
      g_autoptr(SleekJid) room = room_text != NULL ? sleek_jid_new (room_text, NULL) : NULL;

      if (room != NULL)
        g_signal_emit (self, muc_signals[MUC_SIGNAL_INVITATION_RECEIVED], 0, room, from,
                       sleek_node_get_attribute (direct, "reason"), sleek_node_get_attribute (direct, "password"),
                       TRUE);
      return TRUE;
    }
  return FALSE;
}

static void
on_message (SleekXmlStream *stream, SleekStanza *stanza, gpointer user_data)
{
  SleekMuc *self = user_data;
  SleekJid *from = sleek_stanza_get_from (stanza);
  SleekMucRoom *room;
  g_autoptr(SleekMucRoom) hold G_GNUC_UNUSED = NULL;
  const char *nick;

  if (from == NULL || !SLEEK_IS_MESSAGE (stanza))
    return;
  if (sleek_message_get_message_type (SLEEK_MESSAGE (stanza)) != SLEEK_MESSAGE_TYPE_ERROR
      && handle_invitation (self, SLEEK_MESSAGE (stanza), from))
    return;
  room = lookup_room (self, from);
  if (room == NULL)
    return;
  hold = g_object_ref (room);
  nick = sleek_jid_get_resource (from);
  room_handle_message (room, SLEEK_MESSAGE (stanza), nick != NULL && *nick != '\0' ? nick : NULL);
}

/* The connection went: rooms we were in wait for the next session, the
 * others are forgotten. */
static void
on_session_end (SleekMuc *self)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                                                 _("The connection closed"));
  g_autoptr(GPtrArray) rooms = sleek_muc_list_rooms (self);

  for (guint i = 0; i < rooms->len; i++)
    {
      SleekMucRoom *room = g_ptr_array_index (rooms, i);
      gboolean was_in = room->joined || room->rejoin;

      room_fail_pending (room, error);
      room_clear_occupants (room);
      room_set_joined (room, FALSE);
      if (was_in)
        room->rejoin = TRUE;
      else
        room_forget (room);
    }
}

void
sleek_muc_room_lost (SleekMucRoom *self, gboolean rejoin)
{
  g_autoptr(SleekMucRoom) hold G_GNUC_UNUSED = g_object_ref (self);

  if (!rejoin || self->nick == NULL || self->muc == NULL)
    {
      room_forget (self);
      return;
    }
  room_clear_occupants (self);
  room_set_joined (self, FALSE);
  g_free (self->pending_nick);
  self->pending_nick = g_strdup (self->nick);
  send_join_presence (self, self->nick, self->last_message == NULL ? 0 : -1, -1, self->last_message);
}

static void
on_session_start (SleekMuc *self)
{
  g_autoptr(GPtrArray) rooms = sleek_muc_list_rooms (self);

  for (guint i = 0; i < rooms->len; i++)
    {
      SleekMucRoom *room = g_ptr_array_index (rooms, i);

      if (!room->rejoin || room->joined || room->nick == NULL)
        continue;
      g_free (room->pending_nick);
      room->pending_nick = g_strdup (room->nick);
      send_join_presence (room, room->nick, room->last_message == NULL ? 0 : -1, -1, room->last_message);
    }
}

static void
sleek_muc_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  SleekMuc *self = SLEEK_MUC (plugin);
  g_autoptr(SleekMatcher) presences = NULL;
  g_autoptr(SleekMatcher) messages = NULL;
  g_autoptr(GError) error = NULL;

  presences = sleek_matcher_new_xml_mask ("<presence/>", &error);
  g_assert_no_error (error);
  sleek_plugin_add_handler (plugin, presences, SLEEK_HANDLER_NONE, on_presence, self, NULL);
  messages = sleek_matcher_new_xml_mask ("<message/>", &error);
  g_assert_no_error (error);
  sleek_plugin_add_handler (plugin, messages, SLEEK_HANDLER_NONE, on_message, self, NULL);
  self->session_start_id = g_signal_connect_swapped (xmpp, "session-start", G_CALLBACK (on_session_start), self);
  self->session_end_id = g_signal_connect_swapped (xmpp, "session-end", G_CALLBACK (on_session_end), self);
  sleek_plugin_advertise (plugin, SLEEK_NS_MUC);
  sleek_plugin_advertise (plugin, SLEEK_NS_CONFERENCE);
}

static void
forget_all_rooms (SleekMuc *self)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The plugin was removed"));
  g_autoptr(GPtrArray) rooms = sleek_muc_list_rooms (self);

  for (guint i = 0; i < rooms->len; i++)
    {
      SleekMucRoom *room = g_ptr_array_index (rooms, i);

      room_fail_pending (room, error);
      room_forget (room);
      room->muc = NULL;
    }
}

static void
sleek_muc_plugin_end (SleekPlugin *plugin)
{
  SleekMuc *self = SLEEK_MUC (plugin);
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (plugin);

  g_clear_signal_handler (&self->session_start_id, xmpp);
  g_clear_signal_handler (&self->session_end_id, xmpp);
  forget_all_rooms (self);
  sleek_plugin_withdraw (plugin, SLEEK_NS_MUC);
  sleek_plugin_withdraw (plugin, SLEEK_NS_CONFERENCE);
}

static void
sleek_muc_dispose (GObject *object)
{
  SleekMuc *self = SLEEK_MUC (object);

  if (self->rooms != NULL)
    forget_all_rooms (self);
  G_OBJECT_CLASS (sleek_muc_parent_class)->dispose (object);
}

static void
sleek_muc_finalize (GObject *object)
{
  SleekMuc *self = SLEEK_MUC (object);

  g_clear_pointer (&self->rooms, g_hash_table_unref);
  G_OBJECT_CLASS (sleek_muc_parent_class)->finalize (object);
}

static void
sleek_muc_class_init (SleekMucClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->dispose = sleek_muc_dispose;
  object_class->finalize = sleek_muc_finalize;
  plugin_class->plugin_init = sleek_muc_plugin_init;
  plugin_class->plugin_end = sleek_muc_plugin_end;

  /**
   * SleekMuc::invitation-received:
   * @self: the plugin
   * @room: the room we are invited to
   * @inviter: (nullable): who invites us
   * @reason: (nullable): their words
   * @password: (nullable): the room's password, when it has one
   * @direct: %TRUE for a XEP-0249 invitation straight from the inviter,
   *   %FALSE for one the room passed on
   *
   * Someone invited us to a room. Join it with
   * [method@Sleek.Muc.join_async], or turn a mediated invitation down
   * with [method@Sleek.Muc.decline].
   */
  muc_signals[MUC_SIGNAL_INVITATION_RECEIVED] =
    g_signal_new ("invitation-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5, SLEEK_TYPE_JID, SLEEK_TYPE_JID, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /**
   * SleekMuc::invitation-declined:
   * @self: the plugin
   * @room: the room of the invitation
   * @invitee: (nullable): who declined
   * @reason: (nullable): their words
   *
   * Someone turned down our mediated invitation.
   */
  muc_signals[MUC_SIGNAL_INVITATION_DECLINED] =
    g_signal_new ("invitation-declined", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, SLEEK_TYPE_JID, SLEEK_TYPE_JID, G_TYPE_STRING);
}

static void
sleek_muc_init (SleekMuc *self)
{
  self->rooms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/**
 * sleek_muc_get_room:
 * @self: a [class@Sleek.Muc]
 * @room: the room's JID; a resource is ignored
 *
 * Looks up a room we are in, or joining.
 *
 * Returns: (transfer none) (nullable): the room, or %NULL
 */
SleekMucRoom *
sleek_muc_get_room (SleekMuc *self, SleekJid *room)
{
  g_return_val_if_fail (SLEEK_IS_MUC (self), NULL);
  g_return_val_if_fail (room != NULL, NULL);
  return lookup_room (self, room);
}

/**
 * sleek_muc_list_rooms:
 * @self: a [class@Sleek.Muc]
 *
 * Lists the rooms we are in or joining, and those waiting to be joined
 * again in the next session.
 *
 * Returns: (transfer container) (element-type SleekMucRoom): the rooms
 */
GPtrArray *
sleek_muc_list_rooms (SleekMuc *self)
{
  GPtrArray *rooms;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (SLEEK_IS_MUC (self), NULL);

  rooms = g_ptr_array_new_with_free_func (g_object_unref);
  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (rooms, g_object_ref (value));
  return rooms;
}

/**
 * sleek_muc_join_async:
 * @self: an enabled [class@Sleek.Muc]
 * @room: the room's JID; a resource is ignored
 * @nick: our nickname in the room
 * @password: (nullable): the room's password
 * @max_stanzas: at most this many messages of history, or -1 for the
 *   room's default
 * @seconds: history of at most this many seconds back, or -1
 * @since: (nullable): history since then only
 * @cancellable: (nullable): gives up the join, with
 *   %G_IO_ERROR_CANCELLED; an unavailable presence then takes us out of
 *   the room, should it let us in all the same
 * @callback: (scope async) (closure user_data): called once in the room,
 *   or refused
 * @user_data: data for @callback
 *
 * Joins a room, creating it when it does not exist and the service
 * allows; [method@Sleek.MucRoom.has_status] with 201 then tells, and the
 * room waits for [method@Sleek.MucRoom.set_config_async].
 */
void
sleek_muc_join_async (SleekMuc *self, SleekJid *room, const char *nick, const char *password, int max_stanzas,
                      int seconds, GDateTime *since, GCancellable *cancellable, GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekJid) full = NULL;
  SleekMucRoom *known;
  SleekMucRoom *new_room;

  g_return_if_fail (SLEEK_IS_MUC (self));
  g_return_if_fail (room != NULL);
  g_return_if_fail (nick != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_muc_join_async);
  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  if (sleek_jid_get_local (room) == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a room’s address"),
                               sleek_jid_to_string (room));
      return;
    }
  full = sleek_jid_with_resource (room, nick, NULL);
  if (full == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a valid nickname"),
                               nick);
      return;
    }
  known = lookup_room (self, room);
  if (known != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS, _("Already in or joining the room %s"),
                               sleek_jid_get_bare (room));
      return;
    }
  new_room = room_new (self, room);
  g_hash_table_insert (self->rooms, g_strdup (sleek_jid_get_bare (new_room->jid)), new_room);
  new_room->password = g_strdup (password);
  new_room->pending_nick = g_strdup (sleek_jid_get_resource (full));
  new_room->join_task = g_steal_pointer (&task);
  room_watch_cancel (new_room, new_room->join_task);
  send_join_presence (new_room, new_room->pending_nick, max_stanzas, seconds, since);
}

/**
 * sleek_muc_join_finish:
 * @self: a [class@Sleek.Muc]
 * @result: the result
 * @error: return location for an error: the [error@Sleek.StanzaError]
 *   the room answered (see [class@Sleek.Muc]), or
 *   %G_IO_ERROR_CONNECTION_CLOSED when the connection went first
 *
 * Finishes [method@Sleek.Muc.join_async].
 *
 * Returns: (transfer full): the room, or %NULL on error
 */
SleekMucRoom *
sleek_muc_join_finish (SleekMuc *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * sleek_muc_invite:
 * @self: an enabled [class@Sleek.Muc]
 * @jid: whom to invite
 * @room: the room
 * @password: (nullable): the room's password
 * @reason: (nullable): a few words for them
 *
 * Sends a XEP-0249 direct invitation, straight to @jid. For an
 * invitation through the room, see [method@Sleek.MucRoom.invite].
 */
void
sleek_muc_invite (SleekMuc *self, SleekJid *jid, SleekJid *room, const char *password, const char *reason)
{
  SleekBaseXmpp *xmpp;
  g_autoptr(SleekMessage) message = NULL;
  SleekNode *x;

  g_return_if_fail (SLEEK_IS_MUC (self));
  g_return_if_fail (jid != NULL);
  g_return_if_fail (room != NULL);

  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  if (xmpp == NULL)
    return;
  message = sleek_message_new ();
  sleek_stanza_set_to (SLEEK_STANZA (message), jid);
  x = sleek_node_add_child_new (sleek_stanza_get_node (SLEEK_STANZA (message)), "x", SLEEK_NS_CONFERENCE);
  sleek_node_set_attribute (x, "jid", sleek_jid_get_bare (room));
  if (password != NULL)
    sleek_node_set_attribute (x, "password", password);
  if (reason != NULL)
    sleek_node_set_attribute (x, "reason", reason);
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (message));
}

/**
 * sleek_muc_decline:
 * @self: an enabled [class@Sleek.Muc]
 * @room: the room of the invitation
 * @inviter: who invited us
 * @reason: (nullable): a few words for them
 *
 * Turns down a mediated invitation, through the room.
 */
void
sleek_muc_decline (SleekMuc *self, SleekJid *room, SleekJid *inviter, const char *reason)
{
  SleekBaseXmpp *xmpp;
  g_autoptr(SleekMessage) message = NULL;
  g_autoptr(SleekJid) to = NULL;
  SleekNode *x;
  SleekNode *decline;

  g_return_if_fail (SLEEK_IS_MUC (self));
  g_return_if_fail (room != NULL);
  g_return_if_fail (inviter != NULL);

  xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  if (xmpp == NULL)
    return;
  message = sleek_message_new ();
  to = sleek_jid_to_bare (room);
  sleek_stanza_set_to (SLEEK_STANZA (message), to);
  x = sleek_node_add_child_new (sleek_stanza_get_node (SLEEK_STANZA (message)), "x", SLEEK_NS_MUC_USER);
  decline = sleek_node_add_child_new (x, "decline", NULL);
  sleek_node_set_attribute (decline, "to", sleek_jid_to_string (inviter));
  if (reason != NULL)
    sleek_node_set_child_text (decline, "reason", NULL, reason);
  sleek_xml_stream_send (SLEEK_XML_STREAM (xmpp), SLEEK_STANZA (message));
}
