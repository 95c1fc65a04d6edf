/* sleek-xep-0054-vcard-temp.c: XEP-0054 vcard-temp
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "config.h"

#include <string.h>

#include "sleek-plugin-private.h"
#include "sleek-xep-0030-disco.h"
#include "sleek-xep-0054-vcard-temp.h"

#define NS SLEEK_NS_VCARD_TEMP

G_DEFINE_ENUM_TYPE (SleekVCardNamePart, sleek_vcard_name_part,
                    G_DEFINE_ENUM_VALUE (SLEEK_VCARD_NAME_FAMILY, "family"),
                    G_DEFINE_ENUM_VALUE (SLEEK_VCARD_NAME_GIVEN, "given"),
                    G_DEFINE_ENUM_VALUE (SLEEK_VCARD_NAME_MIDDLE, "middle"),
                    G_DEFINE_ENUM_VALUE (SLEEK_VCARD_NAME_PREFIX, "prefix"),
                    G_DEFINE_ENUM_VALUE (SLEEK_VCARD_NAME_SUFFIX, "suffix"))

static const char * const name_parts[] = { "FAMILY", "GIVEN", "MIDDLE", "PREFIX", "SUFFIX" };

/* Makes sure the stanza types know their elements. */
static void
ensure_registered (void)
{
  g_type_class_unref (g_type_class_ref (SLEEK_TYPE_VCARD_TEMP));
}

/* The text of <@name/> under @node; NULL when there is no such child, ""
 * for an empty one. */
static const char *
child_text (SleekNode *node, const char *name)
{
  SleekNode *child = sleek_node_get_child (node, name, NS);
  const char *text;

  if (child == NULL)
    return NULL;
  text = sleek_node_get_text (child);
  return text != NULL ? text : "";
}

/* Replaces every <@name/> under @node by one holding @value, or removes
 * them for NULL. */
static void
set_child_text (SleekNode *node, const char *name, const char *value)
{
  SleekNode *child;

  if (value == NULL)
    {
      sleek_node_remove_children (node, name, NS);
      return;
    }
  child = sleek_node_get_child (node, name, NS);
  if (child == NULL)
    child = sleek_node_add_child_new (node, name, NS);
  sleek_node_set_text (child, value);
}

/* ------------------------------------------------------------------ */
/* SleekVCardItem                                                     */
/* ------------------------------------------------------------------ */

/**
 * SleekVCardItem:
 *
 * One `EMAIL`, `TEL` or `ADR` of a [class@Sleek.VCard], over the vCard's
 * own element: changing the item changes the vCard.
 *
 * Its types are empty child elements such as `HOME`, `WORK`, `INTERNET`,
 * `PREF`, `VOICE` or `CELL` ([method@Sleek.VCardItem.has_type]); its
 * fields are child elements with text, such as `USERID` (the address of
 * an `EMAIL`), `NUMBER` (of a `TEL`) or `STREET`, `LOCALITY`, `PCODE`
 * and `CTRY` (of an `ADR`).
 */
struct _SleekVCardItem
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekVCardItem, sleek_vcard_item, SLEEK_TYPE_STANZA)

static void
sleek_vcard_item_class_init (SleekVCardItemClass *klass)
{
}

static void
sleek_vcard_item_init (SleekVCardItem *self)
{
}

static SleekNode *
item_node (SleekVCardItem *self)
{
  return sleek_stanza_get_node (SLEEK_STANZA (self));
}

/**
 * sleek_vcard_item_has_type:
 * @self: a [class@Sleek.VCardItem]
 * @type: a type element's name, such as `HOME` or `PREF`
 *
 * Tells whether the item carries the empty `<@type/>` element.
 *
 * Returns: whether it does
 */
gboolean
sleek_vcard_item_has_type (SleekVCardItem *self, const char *type)
{
  g_return_val_if_fail (SLEEK_IS_VCARD_ITEM (self), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  return sleek_node_get_child (item_node (self), type, NS) != NULL;
}

/**
 * sleek_vcard_item_set_type:
 * @self: a [class@Sleek.VCardItem]
 * @type: a type element's name, such as `HOME` or `PREF`
 * @present: whether the item has that type
 *
 * Adds or removes the empty `<@type/>` element.
 */
void
sleek_vcard_item_set_type (SleekVCardItem *self, const char *type, gboolean present)
{
  SleekNode *node;

  g_return_if_fail (SLEEK_IS_VCARD_ITEM (self));
  g_return_if_fail (type != NULL && *type != '\0');

  node = item_node (self);
  if (!present)
    sleek_node_remove_children (node, type, NS);
  else if (sleek_node_get_child (node, type, NS) == NULL)
    sleek_node_add_child_new (node, type, NS);
}

/**
 * sleek_vcard_item_dup_types:
 * @self: a [class@Sleek.VCardItem]
 *
 * Lists the item's types: its empty child elements, in document order.
 *
 * Returns: (transfer full): the names of the types
 */
GStrv
sleek_vcard_item_dup_types (SleekVCardItem *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  SleekNode *node;

  g_return_val_if_fail (SLEEK_IS_VCARD_ITEM (self), NULL);

  node = item_node (self);
  for (guint i = 0; i < sleek_node_get_n_children (node); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);
      const char *text = sleek_node_get_text (child);

      if (g_strcmp0 (sleek_node_get_namespace (child), NS) == 0 && sleek_node_get_n_children (child) == 0 &&
          (text == NULL || *text == '\0'))
        g_strv_builder_add (builder, sleek_node_get_name (child));
    }
  return g_strv_builder_end (builder);
}

/**
 * sleek_vcard_item_get_field:
 * @self: a [class@Sleek.VCardItem]
 * @name: a field element's name, such as `USERID`, `NUMBER` or `STREET`
 *
 * Reads the text of the item's `<@name/>` child.
 *
 * Returns: (nullable): the text, `""` for an empty field, or %NULL when
 *   there is none
 */
const char *
sleek_vcard_item_get_field (SleekVCardItem *self, const char *name)
{
  g_return_val_if_fail (SLEEK_IS_VCARD_ITEM (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return child_text (item_node (self), name);
}

/**
 * sleek_vcard_item_set_field:
 * @self: a [class@Sleek.VCardItem]
 * @name: a field element's name, such as `USERID`, `NUMBER` or `STREET`
 * @value: (nullable): its text, or %NULL to remove the field
 *
 * Sets the text of the item's `<@name/>` child.
 */
void
sleek_vcard_item_set_field (SleekVCardItem *self, const char *name, const char *value)
{
  g_return_if_fail (SLEEK_IS_VCARD_ITEM (self));
  g_return_if_fail (name != NULL && *name != '\0');

  set_child_text (item_node (self), name, value);
}

/* ------------------------------------------------------------------ */
/* SleekVCard                                                         */
/* ------------------------------------------------------------------ */

/**
 * SleekVCard:
 *
 * A `<vCard xmlns='vcard-temp'/>`: the payload of XEP-0054 vCard queries,
 * reached as the `vcard_temp` plugin of a [class@Sleek.Iq] once the
 * `xep_0054` plugin type is registered.
 *
 * Common fields have their own accessors: `FN`
 * ([method@Sleek.VCard.get_full_name]), the parts of `N`
 * ([method@Sleek.VCard.get_name_part]), `NICKNAME`, `BDAY`, `URL`,
 * `DESC`, `TITLE`, `ROLE`, `JABBERID`, `ORG`, the `EMAIL`, `TEL` and
 * `ADR` items ([class@Sleek.VCardItem]) and `PHOTO`
 * ([method@Sleek.VCard.get_photo]). Any other field with plain text is
 * read and written by its element name with
 * [method@Sleek.VCard.get_field].
 *
 * ```c
 * g_autoptr(SleekVCard) vcard = sleek_vcard_new ();
 *
 * sleek_vcard_set_full_name (vcard, "Juliet Capulet");
 * sleek_vcard_add_email (vcard, "juliet@example.com",
 *                        (const char *[]) { "INTERNET", "PREF", NULL });
 * ```
 */
struct _SleekVCard
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (SleekVCard, sleek_vcard, SLEEK_TYPE_STANZA)

static void
sleek_vcard_class_init (SleekVCardClass *klass)
{
}

static void
sleek_vcard_init (SleekVCard *self)
{
}

static void
register_stanza_plugins (void)
{
  sleek_stanza_type_set_element (SLEEK_TYPE_VCARD, "vCard", NS, "vcard_temp");
  sleek_stanza_register_plugin (SLEEK_TYPE_IQ, SLEEK_TYPE_VCARD);
}

static SleekNode *
vcard_node (SleekVCard *self)
{
  return sleek_stanza_get_node (SLEEK_STANZA (self));
}

/**
 * sleek_vcard_new:
 *
 * Creates an empty vCard.
 *
 * Returns: (transfer full): the vCard
 */
SleekVCard *
sleek_vcard_new (void)
{
  ensure_registered ();
  return g_object_new (SLEEK_TYPE_VCARD, NULL);
}

/**
 * sleek_vcard_is_empty:
 * @self: a [class@Sleek.VCard]
 *
 * Tells whether the vCard has no field at all, as the one an account
 * that never published any gets.
 *
 * Returns: whether it is empty
 */
gboolean
sleek_vcard_is_empty (SleekVCard *self)
{
  g_return_val_if_fail (SLEEK_IS_VCARD (self), TRUE);

  return sleek_node_get_n_children (vcard_node (self)) == 0;
}

/**
 * sleek_vcard_get_field:
 * @self: a [class@Sleek.VCard]
 * @name: an element name, such as `MAILER` or `TZ`
 *
 * Reads a simple field: the text of the vCard's first `<@name/>` child.
 *
 * Returns: (nullable): the text, `""` for an empty field, or %NULL when
 *   there is none
 */
const char *
sleek_vcard_get_field (SleekVCard *self, const char *name)
{
  g_return_val_if_fail (SLEEK_IS_VCARD (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return child_text (vcard_node (self), name);
}

/**
 * sleek_vcard_set_field:
 * @self: a [class@Sleek.VCard]
 * @name: an element name, such as `MAILER` or `TZ`
 * @value: (nullable): the text, or %NULL to remove the field
 *
 * Writes a simple field: the text of the vCard's `<@name/>` child.
 */
void
sleek_vcard_set_field (SleekVCard *self, const char *name, const char *value)
{
  g_return_if_fail (SLEEK_IS_VCARD (self));
  g_return_if_fail (name != NULL && *name != '\0');

  set_child_text (vcard_node (self), name, value);
}

/**
 * sleek_vcard_get_full_name:
 * @self: a [class@Sleek.VCard]
 *
 * Reads `FN`, the formatted full name.
 *
 * Returns: (nullable): the name, or %NULL when there is none
 */
const char *
sleek_vcard_get_full_name (SleekVCard *self)
{
  return sleek_vcard_get_field (self, "FN");
}

/**
 * sleek_vcard_set_full_name:
 * @self: a [class@Sleek.VCard]
 * @full_name: (nullable): the name, or %NULL to remove it
 *
 * Writes `FN`, the formatted full name.
 */
void
sleek_vcard_set_full_name (SleekVCard *self, const char *full_name)
{
  sleek_vcard_set_field (self, "FN", full_name);
}

/**
 * sleek_vcard_get_nickname:
 * @self: a [class@Sleek.VCard]
 *
 * Reads `NICKNAME`.
 *
 * Returns: (nullable): the nickname, or %NULL when there is none
 */
const char *
sleek_vcard_get_nickname (SleekVCard *self)
{
  return sleek_vcard_get_field (self, "NICKNAME");
}

/**
 * sleek_vcard_set_nickname:
 * @self: a [class@Sleek.VCard]
 * @nickname: (nullable): the nickname, or %NULL to remove it
 *
 * Writes `NICKNAME`.
 */
void
sleek_vcard_set_nickname (SleekVCard *self, const char *nickname)
{
  sleek_vcard_set_field (self, "NICKNAME", nickname);
}

/**
 * sleek_vcard_get_birthday:
 * @self: a [class@Sleek.VCard]
 *
 * Reads `BDAY`, the birthday, as written (usually `YYYY-MM-DD`).
 *
 * Returns: (nullable): the birthday, or %NULL when there is none
 */
const char *
sleek_vcard_get_birthday (SleekVCard *self)
{
  return sleek_vcard_get_field (self, "BDAY");
}

/**
 * sleek_vcard_set_birthday:
 * @self: a [class@Sleek.VCard]
 * @birthday: (nullable): the birthday, such as `1996-07-29`, or %NULL to
 *   remove it
 *
 * Writes `BDAY`.
 */
void
sleek_vcard_set_birthday (SleekVCard *self, const char *birthday)
{
  sleek_vcard_set_field (self, "BDAY", birthday);
}

/**
 * sleek_vcard_get_url:
 * @self: a [class@Sleek.VCard]
 *
 * Reads `URL`, a web page.
 *
 * Returns: (nullable): the address, or %NULL when there is none
 */
const char *
sleek_vcard_get_url (SleekVCard *self)
{
  return sleek_vcard_get_field (self, "URL");
}

/**
 * sleek_vcard_set_url:
 * @self: a [class@Sleek.VCard]
 * @url: (nullable): the address, or %NULL to remove it
 *
 * Writes `URL`.
 */
void
sleek_vcard_set_url (SleekVCard *self, const char *url)
{
  sleek_vcard_set_field (self, "URL", url);
}

/**
 * sleek_vcard_get_description:
 * @self: a [class@Sleek.VCard]
 *
 * Reads `DESC`, free text about the person.
 *
 * Returns: (nullable): the description, or %NULL when there is none
 */
const char *
sleek_vcard_get_description (SleekVCard *self)
{
  return sleek_vcard_get_field (self, "DESC");
}

/**
 * sleek_vcard_set_description:
 * @self: a [class@Sleek.VCard]
 * @description: (nullable): the description, or %NULL to remove it
 *
 * Writes `DESC`.
 */
void
sleek_vcard_set_description (SleekVCard *self, const char *description)
{
  sleek_vcard_set_field (self, "DESC", description);
}

/**
 * sleek_vcard_get_title:
 * @self: a [class@Sleek.VCard]
 *
 * Reads `TITLE`, the job title.
 *
 * Returns: (nullable): the title, or %NULL when there is none
 */
const char *
sleek_vcard_get_title (SleekVCard *self)
{
  return sleek_vcard_get_field (self, "TITLE");
}

/**
 * sleek_vcard_set_title:
 * @self: a [class@Sleek.VCard]
 * @title: (nullable): the title, or %NULL to remove it
 *
 * Writes `TITLE`.
 */
void
sleek_vcard_set_title (SleekVCard *self, const char *title)
{
  sleek_vcard_set_field (self, "TITLE", title);
}

/**
 * sleek_vcard_get_role:
 * @self: a [class@Sleek.VCard]
 *
 * Reads `ROLE`, the role in an organisation.
 *
 * Returns: (nullable): the role, or %NULL when there is none
 */
const char *
sleek_vcard_get_role (SleekVCard *self)
{
  return sleek_vcard_get_field (self, "ROLE");
}

/**
 * sleek_vcard_set_role:
 * @self: a [class@Sleek.VCard]
 * @role: (nullable): the role, or %NULL to remove it
 *
 * Writes `ROLE`.
 */
void
sleek_vcard_set_role (SleekVCard *self, const char *role)
{
  sleek_vcard_set_field (self, "ROLE", role);
}

/**
 * sleek_vcard_get_jabber_id:
 * @self: a [class@Sleek.VCard]
 *
 * Reads `JABBERID`, the person's XMPP address, as written.
 *
 * Returns: (nullable): the address, or %NULL when there is none
 */
const char *
sleek_vcard_get_jabber_id (SleekVCard *self)
{
  return sleek_vcard_get_field (self, "JABBERID");
}

/**
 * sleek_vcard_set_jabber_id:
 * @self: a [class@Sleek.VCard]
 * @jabber_id: (nullable): the address, or %NULL to remove it
 *
 * Writes `JABBERID`.
 */
void
sleek_vcard_set_jabber_id (SleekVCard *self, const char *jabber_id)
{
  sleek_vcard_set_field (self, "JABBERID", jabber_id);
}

/**
 * sleek_vcard_get_name_part:
 * @self: a [class@Sleek.VCard]
 * @part: which part of the structured name `N`
 *
 * Reads one part of the structured name.
 *
 * Returns: (nullable): the part, or %NULL when there is none
 */
const char *
sleek_vcard_get_name_part (SleekVCard *self, SleekVCardNamePart part)
{
  SleekNode *n;

  g_return_val_if_fail (SLEEK_IS_VCARD (self), NULL);
  g_return_val_if_fail ((guint) part < G_N_ELEMENTS (name_parts), NULL);

  n = sleek_node_get_child (vcard_node (self), "N", NS);
  return n != NULL ? child_text (n, name_parts[part]) : NULL;
}

/**
 * sleek_vcard_set_name_part:
 * @self: a [class@Sleek.VCard]
 * @part: which part of the structured name `N`
 * @value: (nullable): its text, or %NULL to remove it
 *
 * Writes one part of the structured name; `N` goes when its last part
 * does.
 */
void
sleek_vcard_set_name_part (SleekVCard *self, SleekVCardNamePart part, const char *value)
{
  SleekNode *node;
  SleekNode *n;

  g_return_if_fail (SLEEK_IS_VCARD (self));
  g_return_if_fail ((guint) part < G_N_ELEMENTS (name_parts));

  node = vcard_node (self);
  n = sleek_node_get_child (node, "N", NS);
  if (n == NULL)
    {
      if (value == NULL)
        return;
      n = sleek_node_add_child_new (node, "N", NS);
    }
  set_child_text (n, name_parts[part], value);
  if (sleek_node_get_n_children (n) == 0)
    sleek_node_remove_child (node, n);
}

/**
 * sleek_vcard_get_org_name:
 * @self: a [class@Sleek.VCard]
 *
 * Reads `ORGNAME` of `ORG`, the organisation's name.
 *
 * Returns: (nullable): the name, or %NULL when there is none
 */
const char *
sleek_vcard_get_org_name (SleekVCard *self)
{
  SleekNode *org;

  g_return_val_if_fail (SLEEK_IS_VCARD (self), NULL);

  org = sleek_node_get_child (vcard_node (self), "ORG", NS);
  return org != NULL ? child_text (org, "ORGNAME") : NULL;
}

/**
 * sleek_vcard_dup_org_units:
 * @self: a [class@Sleek.VCard]
 *
 * Lists the `ORGUNIT`s of `ORG`, the organisation's units, in order.
 *
 * Returns: (transfer full): the units, empty when there are none
 */
GStrv
sleek_vcard_dup_org_units (SleekVCard *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  SleekNode *org;

  g_return_val_if_fail (SLEEK_IS_VCARD (self), NULL);

  org = sleek_node_get_child (vcard_node (self), "ORG", NS);
  for (guint i = 0; org != NULL && i < sleek_node_get_n_children (org); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (org, i);
      const char *text = sleek_node_get_text (child);

      if (sleek_node_is (child, "ORGUNIT", NS))
        g_strv_builder_add (builder, text != NULL ? text : "");
    }
  return g_strv_builder_end (builder);
}

/**
 * sleek_vcard_set_org:
 * @self: a [class@Sleek.VCard]
 * @name: (nullable): the organisation's name
 * @units: (nullable) (array zero-terminated=1): its units, outermost first
 *
 * Replaces `ORG`; with neither a name nor units, removes it.
 */
void
sleek_vcard_set_org (SleekVCard *self, const char *name, const char * const *units)
{
  SleekNode *org;

  g_return_if_fail (SLEEK_IS_VCARD (self));

  sleek_node_remove_children (vcard_node (self), "ORG", NS);
  if (name == NULL && (units == NULL || units[0] == NULL))
    return;
  org = sleek_node_add_child_new (vcard_node (self), "ORG", NS);
  if (name != NULL)
    sleek_node_set_child_text (org, "ORGNAME", NS, name);
  for (guint i = 0; units != NULL && units[i] != NULL; i++)
    sleek_node_set_text (sleek_node_add_child_new (org, "ORGUNIT", NS), units[i]);
}

static GPtrArray *
get_items (SleekVCard *self, const char *name)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  SleekNode *node;

  g_return_val_if_fail (SLEEK_IS_VCARD (self), items);

  node = vcard_node (self);
  for (guint i = 0; i < sleek_node_get_n_children (node); i++)
    {
      SleekNode *child = sleek_node_get_nth_child (node, i);

      if (sleek_node_is (child, name, NS))
        g_ptr_array_add (items, g_object_new (SLEEK_TYPE_VCARD_ITEM, "node", child, NULL));
    }
  return items;
}

static SleekVCardItem *
add_item (SleekVCard *self, const char *name, const char *field, const char *value, const char * const *types)
{
  SleekNode *child = sleek_node_add_child_new (vcard_node (self), name, NS);
  SleekVCardItem *item = g_object_new (SLEEK_TYPE_VCARD_ITEM, "node", child, NULL);

  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    sleek_vcard_item_set_type (item, types[i], TRUE);
  if (field != NULL)
    sleek_vcard_item_set_field (item, field, value);
  return item;
}

/**
 * sleek_vcard_get_emails:
 * @self: a [class@Sleek.VCard]
 *
 * Lists the `EMAIL` items; the address of each is its `USERID` field.
 *
 * Returns: (transfer container) (element-type SleekVCardItem): the
 *   items, in order
 */
GPtrArray *
sleek_vcard_get_emails (SleekVCard *self)
{
  return get_items (self, "EMAIL");
}

/**
 * sleek_vcard_add_email:
 * @self: a [class@Sleek.VCard]
 * @userid: the address
 * @types: (nullable) (array zero-terminated=1): its types, such as
 *   `INTERNET`, `HOME`, `WORK` or `PREF`
 *
 * Adds an `EMAIL` item.
 *
 * Returns: (transfer full): the new item
 */
SleekVCardItem *
sleek_vcard_add_email (SleekVCard *self, const char *userid, const char * const *types)
{
  g_return_val_if_fail (SLEEK_IS_VCARD (self), NULL);
  g_return_val_if_fail (userid != NULL, NULL);

  return add_item (self, "EMAIL", "USERID", userid, types);
}

/**
 * sleek_vcard_get_telephones:
 * @self: a [class@Sleek.VCard]
 *
 * Lists the `TEL` items; the number of each is its `NUMBER` field.
 *
 * Returns: (transfer container) (element-type SleekVCardItem): the
 *   items, in order
 */
GPtrArray *
sleek_vcard_get_telephones (SleekVCard *self)
{
  return get_items (self, "TEL");
}

/**
 * sleek_vcard_add_telephone:
 * @self: a [class@Sleek.VCard]
 * @number: the number
 * @types: (nullable) (array zero-terminated=1): its types, such as
 *   `VOICE`, `CELL`, `FAX`, `HOME`, `WORK` or `PREF`
 *
 * Adds a `TEL` item.
 *
 * Returns: (transfer full): the new item
 */
SleekVCardItem *
sleek_vcard_add_telephone (SleekVCard *self, const char *number, const char * const *types)
{
  g_return_val_if_fail (SLEEK_IS_VCARD (self), NULL);
  g_return_val_if_fail (number != NULL, NULL);

  return add_item (self, "TEL", "NUMBER", number, types);
}

/**
 * sleek_vcard_get_addresses:
 * @self: a [class@Sleek.VCard]
 *
 * Lists the `ADR` items, whose fields are `POBOX`, `EXTADD`, `STREET`,
 * `LOCALITY`, `REGION`, `PCODE` and `CTRY`.
 *
 * Returns: (transfer container) (element-type SleekVCardItem): the
 *   items, in order
 */
GPtrArray *
sleek_vcard_get_addresses (SleekVCard *self)
{
  return get_items (self, "ADR");
}

/**
 * sleek_vcard_add_address:
 * @self: a [class@Sleek.VCard]
 * @types: (nullable) (array zero-terminated=1): its types, such as
 *   `HOME`, `WORK`, `POSTAL` or `PREF`
 *
 * Adds an empty `ADR` item, to fill with
 * [method@Sleek.VCardItem.set_field].
 *
 * Returns: (transfer full): the new item
 */
SleekVCardItem *
sleek_vcard_add_address (SleekVCard *self, const char * const *types)
{
  g_return_val_if_fail (SLEEK_IS_VCARD (self), NULL);

  return add_item (self, "ADR", NULL, NULL, types);
}

/**
 * sleek_vcard_remove_items:
 * @self: a [class@Sleek.VCard]
 * @name: the items' element name: `EMAIL`, `TEL`, `ADR` or any other
 *
 * Removes every `<@name/>` child of the vCard.
 */
void
sleek_vcard_remove_items (SleekVCard *self, const char *name)
{
  g_return_if_fail (SLEEK_IS_VCARD (self));
  g_return_if_fail (name != NULL);

  sleek_node_remove_children (vcard_node (self), name, NS);
}

/* Decodes base64 that may be broken into lines; NULL when @text holds
 * anything else. */
static GBytes *
decode_base64 (const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  gsize padding = 0;
  gsize len = 0;
  guchar *data;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (*p == '=')
        padding++;
      else if (padding > 0 || !(g_ascii_isalnum (*p) || *p == '+' || *p == '/'))
        return NULL;
      g_string_append_c (clean, *p);
    }
  if (clean->len % 4 != 0 || padding > 2)
    return NULL;
  data = g_base64_decode (clean->len > 0 ? clean->str : "", &len);
  return g_bytes_new_take (data, len);
}

/**
 * sleek_vcard_get_photo:
 * @self: a [class@Sleek.VCard]
 * @mime_type: (out) (optional) (nullable) (transfer full): the `TYPE` of
 *   the photo, such as `image/png`, or %NULL when it has none
 * @error: return location for a %G_IO_ERROR_INVALID_DATA error, when
 *   `BINVAL` is not base64
 *
 * Decodes the `BINVAL` of `PHOTO`. Line breaks and other white space in
 * the base64 text are skipped.
 *
 * Returns: (transfer full) (nullable): the image, or %NULL when there is
 *   no `BINVAL` (@error not set; the photo may be an `EXTVAL`, see
 *   [method@Sleek.VCard.get_photo_url]) or on error
 */
GBytes *
sleek_vcard_get_photo (SleekVCard *self, char **mime_type, GError **error)
{
  SleekNode *photo;
  const char *binval;
  GBytes *bytes;

  g_return_val_if_fail (SLEEK_IS_VCARD (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (mime_type != NULL)
    *mime_type = NULL;
  photo = sleek_node_get_child (vcard_node (self), "PHOTO", NS);
  binval = photo != NULL ? child_text (photo, "BINVAL") : NULL;
  if (binval == NULL)
    return NULL;
  bytes = decode_base64 (binval);
  if (bytes == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The vCard photo is not valid base64"));
      return NULL;
    }
  if (mime_type != NULL)
    *mime_type = g_strdup (child_text (photo, "TYPE"));
  return bytes;
}

/**
 * sleek_vcard_set_photo:
 * @self: a [class@Sleek.VCard]
 * @data: (nullable): the image, or %NULL to remove `PHOTO`
 * @mime_type: (nullable): its type, such as `image/png`
 *
 * Replaces `PHOTO` by one carrying @data in `BINVAL`, base64-encoded.
 */
void
sleek_vcard_set_photo (SleekVCard *self, GBytes *data, const char *mime_type)
{
  SleekNode *photo;
  g_autofree char *encoded = NULL;
  gsize len = 0;
  gconstpointer bytes;

  g_return_if_fail (SLEEK_IS_VCARD (self));

  sleek_node_remove_children (vcard_node (self), "PHOTO", NS);
  if (data == NULL)
    return;
  photo = sleek_node_add_child_new (vcard_node (self), "PHOTO", NS);
  if (mime_type != NULL)
    sleek_node_set_child_text (photo, "TYPE", NS, mime_type);
  bytes = g_bytes_get_data (data, &len);
  encoded = g_base64_encode (bytes, len);
  sleek_node_set_child_text (photo, "BINVAL", NS, encoded);
}

/**
 * sleek_vcard_get_photo_url:
 * @self: a [class@Sleek.VCard]
 *
 * Reads the `EXTVAL` of `PHOTO`: where the photo can be downloaded.
 *
 * Returns: (nullable): the address, or %NULL when there is none
 */
const char *
sleek_vcard_get_photo_url (SleekVCard *self)
{
  SleekNode *photo;

  g_return_val_if_fail (SLEEK_IS_VCARD (self), NULL);

  photo = sleek_node_get_child (vcard_node (self), "PHOTO", NS);
  return photo != NULL ? child_text (photo, "EXTVAL") : NULL;
}

/**
 * sleek_vcard_set_photo_url:
 * @self: a [class@Sleek.VCard]
 * @url: (nullable): the address, or %NULL to remove `PHOTO`
 *
 * Replaces `PHOTO` by one pointing at @url with `EXTVAL`.
 */
void
sleek_vcard_set_photo_url (SleekVCard *self, const char *url)
{
  SleekNode *photo;

  g_return_if_fail (SLEEK_IS_VCARD (self));

  sleek_node_remove_children (vcard_node (self), "PHOTO", NS);
  if (url == NULL)
    return;
  photo = sleek_node_add_child_new (vcard_node (self), "PHOTO", NS);
  sleek_node_set_child_text (photo, "EXTVAL", NS, url);
}

/* ------------------------------------------------------------------ */
/* SleekVCardTemp                                                     */
/* ------------------------------------------------------------------ */

/**
 * SleekVCardTemp:
 *
 * The `xep_0054` plugin: XEP-0054 vcard-temp.
 *
 * It fetches anybody's vCard ([class@Sleek.VCard]) with
 * [method@Sleek.VCardTemp.get_vcard_async], publishes our own with
 * [method@Sleek.VCardTemp.publish_vcard_async], keeps the vCards it
 * fetched by bare JID ([method@Sleek.VCardTemp.get_cached]) until they
 * are fetched again or, for ours, until we publish, and advertises
 * `vcard-temp` through the `xep_0030` plugin it depends on. Its type
 * registers [class@Sleek.VCard] as the `vcard_temp` plugin of
 * [class@Sleek.Iq].
 *
 * ```c
 * static void
 * on_vcard (GObject *source, GAsyncResult *result, gpointer data)
 * {
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(SleekVCard) vcard =
 *     sleek_vcard_temp_get_vcard_finish (SLEEK_VCARD_TEMP (source), result, &error);
 *
 *   if (vcard != NULL)
 *     g_print ("%s\n", sleek_vcard_get_full_name (vcard));
 * }
 *
 * sleek_base_xmpp_register_plugin (xmpp, "xep_0054", &error);
 * vcards = SLEEK_VCARD_TEMP (sleek_base_xmpp_get_plugin (xmpp, "xep_0054"));
 * sleek_vcard_temp_get_vcard_async (vcards, romeo, NULL, on_vcard, NULL);
 * ```
 */
struct _SleekVCardTemp
{
  SleekPlugin parent_instance;
  GHashTable *cache;   /* bare JID -> SleekVCard */
};

G_DEFINE_FINAL_TYPE (SleekVCardTemp, sleek_vcard_temp, SLEEK_TYPE_PLUGIN)

static void
sleek_vcard_temp_plugin_init (SleekPlugin *plugin, SleekBaseXmpp *xmpp)
{
  sleek_plugin_advertise (plugin, NS);
}

static void
sleek_vcard_temp_plugin_end (SleekPlugin *plugin)
{
  SleekVCardTemp *self = SLEEK_VCARD_TEMP (plugin);

  sleek_plugin_withdraw (plugin, NS);
  g_hash_table_remove_all (self->cache);
}

static void
sleek_vcard_temp_finalize (GObject *object)
{
  SleekVCardTemp *self = SLEEK_VCARD_TEMP (object);

  g_hash_table_unref (self->cache);
  G_OBJECT_CLASS (sleek_vcard_temp_parent_class)->finalize (object);
}

static void
sleek_vcard_temp_class_init (SleekVCardTempClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  SleekPluginClass *plugin_class = SLEEK_PLUGIN_CLASS (klass);

  object_class->finalize = sleek_vcard_temp_finalize;
  plugin_class->plugin_init = sleek_vcard_temp_plugin_init;
  plugin_class->plugin_end = sleek_vcard_temp_plugin_end;

  /* The class is made once, when the registry registers the plugin. */
  register_stanza_plugins ();
}

static void
sleek_vcard_temp_init (SleekVCardTemp *self)
{
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* The bare JID a vCard of @jid is kept under: ours for NULL. */
static char *
cache_key (SleekVCardTemp *self, SleekJid *jid)
{
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));

  if (jid == NULL && xmpp != NULL)
    {
      jid = sleek_base_xmpp_get_bound_jid (xmpp);
      if (jid == NULL)
        jid = sleek_base_xmpp_get_jid (xmpp);
    }
  return jid != NULL ? g_strdup (sleek_jid_get_bare (jid)) : NULL;
}

typedef struct {
  SleekVCardTemp *self;   /* owned */
  char *key;
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->self);
  g_free (request->key);
  g_free (request);
}

/* Sends an IQ of @type with @payload to @jid for @task, whose task data
 * becomes a Request for @jid. */
static void
send_request (SleekVCardTemp *self, GTask *task, SleekJid *jid, const char *type, SleekNode *payload,
              GAsyncReadyCallback answered)
{
  g_autoptr(GTask) owned = task;
  SleekBaseXmpp *xmpp = sleek_plugin_get_xmpp (SLEEK_PLUGIN (self));
  g_autoptr(SleekIq) iq = NULL;
  Request *request;

  if (sleek_plugin_task_return_if_disabled (SLEEK_PLUGIN (self), task))
    return;
  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->key = cache_key (self, jid);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  /* Without a `to`, the request goes to our own account. */
  iq = sleek_base_xmpp_make_iq (xmpp, type, jid != NULL ? sleek_jid_to_string (jid) : NULL, payload);
  sleek_base_xmpp_send_iq_async (xmpp, iq, 0, g_task_get_cancellable (task), answered, g_steal_pointer (&owned));
}

static void
on_vcard_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);
  g_autoptr(SleekVCard) vcard = NULL;
  SleekNode *payload;

  if (answer == NULL && !g_error_matches (error, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_ITEM_NOT_FOUND))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* No vCard stored: item-not-found, an empty result or an empty vCard. */
  payload = answer != NULL ? sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (answer)), "vCard", NS) : NULL;
  if (payload != NULL)
    {
      g_autoptr(SleekNode) copy = sleek_node_copy (payload);

      ensure_registered ();
      vcard = g_object_new (SLEEK_TYPE_VCARD, "node", copy, NULL);
    }
  else
    {
      vcard = sleek_vcard_new ();
    }
  if (request->key != NULL)
    g_hash_table_replace (request->self->cache, g_strdup (request->key),
                          sleek_stanza_copy (SLEEK_STANZA (vcard)));
  g_task_return_pointer (task, g_steal_pointer (&vcard), g_object_unref);
}

/**
 * sleek_vcard_temp_get_vcard_async:
 * @self: an enabled [class@Sleek.VCardTemp]
 * @jid: (nullable): whose vCard, usually a bare JID, or %NULL for our own
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called with the vCard
 * @user_data: data for @callback
 *
 * Fetches a vCard. An account that never published one gives an empty
 * vCard ([method@Sleek.VCard.is_empty]), not an error: servers answer
 * either with an empty `<vCard/>` or with `item-not-found`, and both
 * mean the same. The answer replaces what
 * [method@Sleek.VCardTemp.get_cached] had for that bare JID.
 */
void
sleek_vcard_temp_get_vcard_async (SleekVCardTemp *self, SleekJid *jid, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) payload = NULL;

  g_return_if_fail (SLEEK_IS_VCARD_TEMP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_vcard_temp_get_vcard_async);
  payload = sleek_node_new ("vCard", NS);
  send_request (self, g_steal_pointer (&task), jid, "get", payload, on_vcard_answer);
}

/**
 * sleek_vcard_temp_get_vcard_finish:
 * @self: a [class@Sleek.VCardTemp]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   entity answered (other than `item-not-found`), or why no answer came
 *
 * Finishes [method@Sleek.VCardTemp.get_vcard_async].
 *
 * Returns: (transfer full): the vCard, empty when none is stored
 */
SleekVCard *
sleek_vcard_temp_get_vcard_finish (SleekVCardTemp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_vcard_temp_get_vcard_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_publish_answer (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekIq) answer = sleek_base_xmpp_send_iq_finish (SLEEK_BASE_XMPP (source), result, &error);

  /* Whatever the answer, what we kept of our own vCard may be stale. */
  if (request->key != NULL)
    g_hash_table_remove (request->self->cache, request->key);
  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sleek_vcard_temp_publish_vcard_async:
 * @self: an enabled [class@Sleek.VCardTemp]
 * @vcard: our new vCard, which replaces the whole stored one
 * @cancellable: (nullable): stops the wait
 * @callback: (scope async) (closure user_data): called when the server
 *   answered
 * @user_data: data for @callback
 *
 * Publishes our own vCard: an IQ set to our account. What
 * [method@Sleek.VCardTemp.get_cached] had for our bare JID is dropped.
 */
void
sleek_vcard_temp_publish_vcard_async (SleekVCardTemp *self, SleekVCard *vcard, GCancellable *cancellable,
                                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SleekNode) payload = NULL;

  g_return_if_fail (SLEEK_IS_VCARD_TEMP (self));
  g_return_if_fail (SLEEK_IS_VCARD (vcard));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sleek_vcard_temp_publish_vcard_async);
  payload = sleek_node_copy (sleek_stanza_get_node (SLEEK_STANZA (vcard)));
  send_request (self, g_steal_pointer (&task), NULL, "set", payload, on_publish_answer);
}

/**
 * sleek_vcard_temp_publish_vcard_finish:
 * @self: a [class@Sleek.VCardTemp]
 * @result: the result
 * @error: return location for an error: a [error@Sleek.StanzaError] the
 *   server answered, or why no answer came
 *
 * Finishes [method@Sleek.VCardTemp.publish_vcard_async].
 *
 * Returns: %TRUE when the server stored the vCard
 */
gboolean
sleek_vcard_temp_publish_vcard_finish (SleekVCardTemp *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sleek_vcard_temp_publish_vcard_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * sleek_vcard_temp_get_cached:
 * @self: a [class@Sleek.VCardTemp]
 * @jid: (nullable): whose vCard (only the bare part counts), or %NULL
 *   for our own
 *
 * Gives the vCard last fetched for @jid's bare JID, without asking
 * anybody. Publishing our vCard drops ours.
 *
 * Returns: (transfer full) (nullable): a copy of the vCard, or %NULL
 *   when none was fetched
 */
SleekVCard *
sleek_vcard_temp_get_cached (SleekVCardTemp *self, SleekJid *jid)
{
  g_autofree char *key = NULL;
  SleekStanza *vcard;

  g_return_val_if_fail (SLEEK_IS_VCARD_TEMP (self), NULL);

  key = cache_key (self, jid);
  vcard = key != NULL ? g_hash_table_lookup (self->cache, key) : NULL;
  return vcard != NULL ? SLEEK_VCARD (sleek_stanza_copy (vcard)) : NULL;
}
