/* test-stanza.c: SleekStanza keys, registry, plugins, JIDs, reply, match, errors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include <string.h>

#include <sleek/sleek.h>

#include "stanza-test-util.h"

#define NS_THING "urn:test:thing"
#define NS_DISCO_INFO "http://jabber.org/protocol/disco#info"

/* ------------------------------------------------------------------ */
/* Test stanza classes                                                */
/* ------------------------------------------------------------------ */

/* TestThing: <thing xmlns='urn:test:thing'/>, described from class_init
 * as a binding would; keys of every kind. "shout" is custom: it reads the
 * "word" attribute in upper case and stores it in lower case. */
#define TEST_TYPE_THING (test_thing_get_type ())
G_DECLARE_DERIVABLE_TYPE (TestThing, test_thing, TEST, THING, SleekStanza)

struct _TestThingClass
{
  SleekStanzaClass parent_class;
};

G_DEFINE_TYPE (TestThing, test_thing, SLEEK_TYPE_STANZA)

static char *
test_thing_get_key (SleekStanza *stanza,
                    const char  *key)
{
  if (g_str_equal (key, "shout"))
    {
      const char *word = sleek_node_get_attribute (sleek_stanza_get_node (stanza), "word");

      return word != NULL ? g_ascii_strup (word, -1) : NULL;
    }
  return SLEEK_STANZA_CLASS (test_thing_parent_class)->get_key (stanza, key);
}

static void
test_thing_set_key (SleekStanza *stanza,
                    const char  *key,
                    const char  *value)
{
  if (g_str_equal (key, "shout"))
    {
      g_autofree char *lower = g_ascii_strdown (value, -1);

      sleek_node_set_attribute (sleek_stanza_get_node (stanza), "word", lower);
      return;
    }
  SLEEK_STANZA_CLASS (test_thing_parent_class)->set_key (stanza, key, value);
}

static void
test_thing_delete_key (SleekStanza *stanza,
                       const char  *key)
{
  if (g_str_equal (key, "shout"))
    {
      sleek_node_set_attribute (sleek_stanza_get_node (stanza), "word", NULL);
      return;
    }
  SLEEK_STANZA_CLASS (test_thing_parent_class)->delete_key (stanza, key);
}

static void
test_thing_class_init (TestThingClass *klass)
{
  SleekStanzaClass *stanza_class = SLEEK_STANZA_CLASS (klass);
  GType type = G_TYPE_FROM_CLASS (klass);

  stanza_class->get_key = test_thing_get_key;
  stanza_class->set_key = test_thing_set_key;
  stanza_class->delete_key = test_thing_delete_key;

  sleek_stanza_type_set_element (type, "thing", NS_THING, "thing");
  sleek_stanza_type_add_key (type, "color", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (type, "label", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_type_add_key (type, "urgent", SLEEK_STANZA_KEY_CHILD_FLAG);
  sleek_stanza_type_add_key (type, "shout", SLEEK_STANZA_KEY_CUSTOM);
}

static void
test_thing_init (TestThing *self)
{
}

/* TestSubThing: inherits TestThing's element and keys, adds "extra" and
 * turns "color" into a child element. */
#define TEST_TYPE_SUB_THING (test_sub_thing_get_type ())
G_DECLARE_FINAL_TYPE (TestSubThing, test_sub_thing, TEST, SUB_THING, TestThing)

struct _TestSubThing
{
  TestThing parent_instance;
};

G_DEFINE_FINAL_TYPE (TestSubThing, test_sub_thing, TEST_TYPE_THING)

static void
test_sub_thing_class_init (TestSubThingClass *klass)
{
}

static void
test_sub_thing_init (TestSubThing *self)
{
}

/* TestDisco: <query xmlns='http://jabber.org/protocol/disco#info'/>,
 * plugin "disco_info" of SleekIq, described from main(). */
#define TEST_TYPE_DISCO (test_disco_get_type ())
G_DECLARE_FINAL_TYPE (TestDisco, test_disco, TEST, DISCO, SleekStanza)

struct _TestDisco
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (TestDisco, test_disco, SLEEK_TYPE_STANZA)

static void
test_disco_class_init (TestDiscoClass *klass)
{
}

static void
test_disco_init (TestDisco *self)
{
}

/* TestLate: a type whose keys are added while instances exist. */
#define TEST_TYPE_LATE (test_late_get_type ())
G_DECLARE_FINAL_TYPE (TestLate, test_late, TEST, LATE, SleekStanza)

struct _TestLate
{
  SleekStanza parent_instance;
};

G_DEFINE_FINAL_TYPE (TestLate, test_late, SLEEK_TYPE_STANZA)

static void
test_late_class_init (TestLateClass *klass)
{
}

static void
test_late_init (TestLate *self)
{
}

static void
register_test_types (void)
{
  /* TestThing describes itself in class_init: initialise it first. */
  g_type_class_unref (g_type_class_ref (TEST_TYPE_THING));
  sleek_stanza_register_type (TEST_TYPE_THING);
  sleek_stanza_register_plugin (SLEEK_TYPE_MESSAGE, TEST_TYPE_THING);

  sleek_stanza_type_add_key (TEST_TYPE_SUB_THING, "extra", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_type_add_key (TEST_TYPE_SUB_THING, "color", SLEEK_STANZA_KEY_CHILD_TEXT);

  sleek_stanza_type_set_element (TEST_TYPE_DISCO, "query", NS_DISCO_INFO, "disco_info");
  sleek_stanza_type_add_key (TEST_TYPE_DISCO, "node", SLEEK_STANZA_KEY_ATTRIBUTE);
  sleek_stanza_register_plugin (SLEEK_TYPE_IQ, TEST_TYPE_DISCO);

  sleek_stanza_type_set_element (TEST_TYPE_LATE, "late", "urn:test:late", NULL);
}

/* ------------------------------------------------------------------ */
/* Threads: the lazy built-in registration races with registry use   */
/* ------------------------------------------------------------------ */

#define THREAD_ROUNDS 300

static gpointer
parse_thread (gpointer data)
{
  static const char * const samples[] = {
    "<message xmlns='jabber:client' type='chat'><body>hi</body></message>",
    "<presence xmlns='jabber:client'><show>away</show></presence>",
    "<iq xmlns='jabber:component:accept' type='get' id='1'/>",
  };
  static const char * const names[] = { "SleekMessage", "SleekPresence", "SleekIq" };
  guint failures = 0;

  for (guint i = 0; i < THREAD_ROUNDS; i++)
    {
      guint k = (i + GPOINTER_TO_UINT (data)) % G_N_ELEMENTS (samples);
      g_autoptr(SleekStanza) stanza = sleek_stanza_parse (samples[k], NULL);

      if (stanza == NULL || !g_str_equal (G_OBJECT_TYPE_NAME (stanza), names[k]))
        failures++;
      else if (k == 0 && g_strcmp0 (sleek_stanza_get_string (stanza, "body"), "hi") != 0)
        failures++;
      else if (k == 1 && g_strcmp0 (sleek_stanza_get_string (stanza, "show"), "away") != 0)
        failures++;
    }
  return GUINT_TO_POINTER (failures);
}

static gpointer
register_thread (gpointer data)
{
  GType type = GPOINTER_TO_SIZE (data);

  for (guint i = 0; i < THREAD_ROUNDS; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u", i % 7);

      sleek_stanza_type_add_key (type, key, SLEEK_STANZA_KEY_ATTRIBUTE);
      sleek_stanza_register_plugin (SLEEK_TYPE_PRESENCE, type);
    }
  return NULL;
}

/* Runs in a subprocess, where nothing has touched the registry yet. */
static void
test_threads_lazy_registration (void)
{
  GThread *threads[5];

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  for (guint i = 0; i < 4; i++)
    threads[i] = g_thread_new ("parse", parse_thread, GUINT_TO_POINTER (i));
  threads[4] = g_thread_new ("register", register_thread, GSIZE_TO_POINTER (TEST_TYPE_LATE));

  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 0);
  g_thread_join (threads[4]);
}

/* ------------------------------------------------------------------ */
/* Construction                                                       */
/* ------------------------------------------------------------------ */

static void
test_new_plain (void)
{
  g_autoptr(SleekStanza) stanza = sleek_stanza_new ("foo", "urn:x");
  SleekNode *node = sleek_stanza_get_node (stanza);

  g_assert_true (G_OBJECT_TYPE (stanza) == SLEEK_TYPE_STANZA);
  g_assert_cmpstr (sleek_node_get_name (node), ==, "foo");
  g_assert_cmpstr (sleek_node_get_namespace (node), ==, "urn:x");
  assert_stanza_xml (stanza, "<foo xmlns='urn:x'/>");

  /* A registered element gives its class. */
  {
    g_autoptr(SleekStanza) message = sleek_stanza_new ("message", SLEEK_NS_CLIENT);
    g_autoptr(SleekStanza) component = sleek_stanza_new ("iq", SLEEK_NS_COMPONENT);

    g_assert_true (G_OBJECT_TYPE (message) == SLEEK_TYPE_MESSAGE);
    g_assert_true (G_OBJECT_TYPE (component) == SLEEK_TYPE_IQ);
  }
}

static void
test_new_default_node (void)
{
  g_autoptr(SleekStanza) thing = g_object_new (TEST_TYPE_THING, NULL);
  g_autoptr(SleekStanza) sub = g_object_new (TEST_TYPE_SUB_THING, NULL);
  g_autoptr(SleekMessage) message = sleek_message_new ();
  SleekNode *node = NULL;

  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'/>");
  assert_stanza_xml (sub, "<thing xmlns='urn:test:thing'/>");
  assert_stanza_xml (message, "<message xmlns='jabber:client'/>");

  g_object_get (thing, "node", &node, NULL);
  g_assert_true (node == sleek_stanza_get_node (thing));
  sleek_node_unref (node);
}

static void
test_new_for_node_shares (void)
{
  g_autoptr(SleekNode) node = sleek_node_new ("message", SLEEK_NS_CLIENT);
  g_autoptr(SleekStanza) stanza = sleek_stanza_new_for_node (node);

  g_assert_true (SLEEK_IS_MESSAGE (stanza));
  g_assert_true (sleek_stanza_get_node (stanza) == node);

  /* Edits go both ways. */
  sleek_stanza_set_string (stanza, "body", "one");
  g_assert_cmpstr (sleek_node_get_child_text (node, "body", SLEEK_NS_CLIENT), ==, "one");
  sleek_node_set_attribute (node, "type", "chat");
  g_assert_cmpstr (sleek_stanza_get_string (stanza, "type"), ==, "chat");
}

/* ------------------------------------------------------------------ */
/* Keys                                                               */
/* ------------------------------------------------------------------ */

static void
test_keys_attribute (void)
{
  g_autoptr(SleekStanza) thing = g_object_new (TEST_TYPE_THING, NULL);

  g_assert_null (sleek_stanza_get_string (thing, "color"));
  sleek_stanza_set_string (thing, "color", "red");
  g_assert_cmpstr (sleek_stanza_get_string (thing, "color"), ==, "red");
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing' color='red'/>");

  sleek_stanza_set_string (thing, "color", "blue");
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing' color='blue'/>");

  sleek_stanza_delete (thing, "color");
  g_assert_null (sleek_stanza_get_string (thing, "color"));
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'/>");

  sleek_stanza_set_string (thing, "color", "green");
  sleek_stanza_set_string (thing, "color", NULL);
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'/>");
}

static void
test_keys_child_text (void)
{
  g_autoptr(SleekStanza) thing = g_object_new (TEST_TYPE_THING, NULL);

  g_assert_null (sleek_stanza_get_string (thing, "label"));
  sleek_stanza_set_string (thing, "label", "hello & <bye>");
  g_assert_cmpstr (sleek_stanza_get_string (thing, "label"), ==, "hello & <bye>");
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'><label>hello &amp; &lt;bye&gt;</label></thing>");

  /* Replaced in place, not duplicated. */
  sleek_stanza_set_string (thing, "label", "again");
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'><label>again</label></thing>");

  /* "" keeps an empty element. */
  sleek_stanza_set_string (thing, "label", "");
  g_assert_cmpstr (sleek_stanza_get_string (thing, "label"), ==, "");
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'><label/></thing>");

  sleek_stanza_delete (thing, "label");
  g_assert_null (sleek_stanza_get_string (thing, "label"));
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'/>");

  /* A child of the same name in another namespace is not the key. */
  sleek_node_set_child_text (sleek_stanza_get_node (thing), "label", "urn:other", "no");
  g_assert_null (sleek_stanza_get_string (thing, "label"));
}

static void
test_keys_child_flag (void)
{
  g_autoptr(SleekStanza) thing = g_object_new (TEST_TYPE_THING, NULL);
  const char *on[] = { "", "true", "1" };
  const char *off[] = { "false", "0", NULL };

  g_assert_null (sleek_stanza_get_string (thing, "urgent"));
  for (guint i = 0; i < G_N_ELEMENTS (on); i++)
    {
      sleek_stanza_set_string (thing, "urgent", on[i]);
      g_assert_cmpstr (sleek_stanza_get_string (thing, "urgent"), ==, "true");
      assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'><urgent/></thing>");

      sleek_stanza_set_string (thing, "urgent", off[i]);
      g_assert_null (sleek_stanza_get_string (thing, "urgent"));
      assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'/>");
    }

  /* Setting twice adds one element; delete removes it. */
  sleek_stanza_set_string (thing, "urgent", "true");
  sleek_stanza_set_string (thing, "urgent", "true");
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'><urgent/></thing>");
  sleek_stanza_delete (thing, "urgent");
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'/>");
}

static void
test_keys_custom (void)
{
  g_autoptr(SleekStanza) thing = g_object_new (TEST_TYPE_THING, NULL);
  const char *first;

  g_assert_null (sleek_stanza_get_string (thing, "shout"));
  sleek_stanza_set_string (thing, "shout", "HeLLo");
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing' word='hello'/>");
  first = sleek_stanza_get_string (thing, "shout");
  g_assert_cmpstr (first, ==, "HELLO");
  /* The same value comes back at the same address. */
  g_assert_true (sleek_stanza_get_string (thing, "shout") == first);

  sleek_stanza_delete (thing, "shout");
  g_assert_null (sleek_stanza_get_string (thing, "shout"));
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'/>");

  sleek_stanza_set_string (thing, "shout", "x");
  sleek_stanza_set_string (thing, "shout", NULL);
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'/>");
}

static void
test_keys_unknown (void)
{
  g_autoptr(SleekStanza) thing = g_object_new (TEST_TYPE_THING, NULL);

  g_assert_null (sleek_stanza_get_string (thing, "nope"));
  sleek_stanza_set_string (thing, "nope", "value");
  sleek_stanza_delete (thing, "nope");
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'/>");
  /* "extra" belongs to the subclass only. */
  sleek_stanza_set_string (thing, "extra", "1");
  assert_stanza_xml (thing, "<thing xmlns='urn:test:thing'/>");
}

static void
test_keys_base (void)
{
  g_autoptr(SleekStanza) stanza = sleek_stanza_new ("foo", "urn:x");

  sleek_stanza_set_string (stanza, "to", "a@example.com");
  sleek_stanza_set_string (stanza, "from", "b@example.com");
  sleek_stanza_set_string (stanza, "id", "42");
  sleek_stanza_set_string (stanza, "type", "get");
  sleek_stanza_set_string (stanza, "lang", "en");
  assert_stanza_xml (stanza,
                     "<foo xmlns='urn:x' to='a@example.com' from='b@example.com' id='42' type='get' xml:lang='en'/>");
  g_assert_cmpstr (sleek_stanza_get_string (stanza, "lang"), ==, "en");
  g_assert_cmpstr (sleek_stanza_get_id (stanza), ==, "42");
  g_assert_cmpstr (sleek_stanza_get_stanza_type (stanza), ==, "get");

  sleek_stanza_delete (stanza, "lang");
  sleek_stanza_set_id (stanza, NULL);
  sleek_stanza_set_stanza_type (stanza, NULL);
  assert_stanza_xml (stanza, "<foo xmlns='urn:x' to='a@example.com' from='b@example.com'/>");
  g_assert_null (sleek_stanza_get_string (stanza, "lang"));
}

static void
test_keys_inherited (void)
{
  g_autoptr(SleekStanza) sub = g_object_new (TEST_TYPE_SUB_THING, NULL);

  /* Inherited as they are. */
  sleek_stanza_set_string (sub, "label", "l");
  sleek_stanza_set_string (sub, "shout", "Hey");
  sleek_stanza_set_string (sub, "to", "x@example.com");
  /* Added by the subtype. */
  sleek_stanza_set_string (sub, "extra", "e");
  /* Overridden by the subtype: a child element, not an attribute. */
  sleek_stanza_set_string (sub, "color", "red");

  g_assert_cmpstr (sleek_stanza_get_string (sub, "shout"), ==, "HEY");
  assert_stanza_xml (sub,
                     "<thing xmlns='urn:test:thing' word='hey' to='x@example.com' extra='e'>"
                     "<label>l</label><color>red</color></thing>");
}

static void
test_keys_added_later (void)
{
  g_autoptr(SleekStanza) late = g_object_new (TEST_TYPE_LATE, NULL);

  g_assert_null (sleek_stanza_get_string (late, "added-later"));
  sleek_stanza_set_string (late, "added-later", "no");
  assert_stanza_xml (late, "<late xmlns='urn:test:late'/>");

  sleek_stanza_type_add_key (TEST_TYPE_LATE, "added-later", SLEEK_STANZA_KEY_CHILD_TEXT);
  sleek_stanza_set_string (late, "added-later", "yes");
  g_assert_cmpstr (sleek_stanza_get_string (late, "added-later"), ==, "yes");
  assert_stanza_xml (late, "<late xmlns='urn:test:late'><added-later>yes</added-later></late>");
}

/* ------------------------------------------------------------------ */
/* Registry and parsing                                               */
/* ------------------------------------------------------------------ */

static void
test_registry_lookup (void)
{
  g_assert_true (sleek_stanza_lookup_type ("message", SLEEK_NS_CLIENT) == SLEEK_TYPE_MESSAGE);
  g_assert_true (sleek_stanza_lookup_type ("presence", SLEEK_NS_CLIENT) == SLEEK_TYPE_PRESENCE);
  g_assert_true (sleek_stanza_lookup_type ("iq", SLEEK_NS_CLIENT) == SLEEK_TYPE_IQ);
  g_assert_true (sleek_stanza_lookup_type ("thing", NS_THING) == TEST_TYPE_THING);

  g_assert_true (sleek_stanza_lookup_type ("message", "urn:other") == G_TYPE_INVALID);
  g_assert_true (sleek_stanza_lookup_type ("message", NULL) == G_TYPE_INVALID);
  g_assert_true (sleek_stanza_lookup_type ("nothing", SLEEK_NS_CLIENT) == G_TYPE_INVALID);
  /* The error sub-stanza is a plugin, not a top-level stanza. */
  g_assert_true (sleek_stanza_lookup_type ("error", SLEEK_NS_CLIENT) == G_TYPE_INVALID);
}

static void
test_registry_content_namespaces (void)
{
  const char *namespaces[] = { SLEEK_NS_CLIENT, SLEEK_NS_SERVER, SLEEK_NS_COMPONENT };

  for (guint i = 0; i < G_N_ELEMENTS (namespaces); i++)
    {
      g_assert_true (sleek_stanza_lookup_type ("message", namespaces[i]) == SLEEK_TYPE_MESSAGE);
      g_assert_true (sleek_stanza_lookup_type ("presence", namespaces[i]) == SLEEK_TYPE_PRESENCE);
      g_assert_true (sleek_stanza_lookup_type ("iq", namespaces[i]) == SLEEK_TYPE_IQ);
    }
}

static void
test_parse_types (void)
{
  struct {
    const char *xml;
    GType type;
  } cases[] = {
    { "<message xmlns='jabber:client'><body>x</body></message>", SLEEK_TYPE_MESSAGE },
    { "<presence xmlns='jabber:client'/>", SLEEK_TYPE_PRESENCE },
    { "<iq xmlns='jabber:client' type='get' id='1'/>", SLEEK_TYPE_IQ },
    { "<message xmlns='jabber:component:accept'/>", SLEEK_TYPE_MESSAGE },
    { "<iq xmlns='jabber:server' type='result' id='2'/>", SLEEK_TYPE_IQ },
    { "<thing xmlns='urn:test:thing' color='red'/>", G_TYPE_INVALID },
    { "<stream:features xmlns:stream='http://etherx.jabber.org/streams'/>", SLEEK_TYPE_STANZA },
    { "<message xmlns='urn:not-a-stanza'/>", SLEEK_TYPE_STANZA },
  };

  cases[5].type = TEST_TYPE_THING;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SleekStanza) stanza = parse_stanza (cases[i].xml);

      g_assert_cmpstr (G_OBJECT_TYPE_NAME (stanza), ==, g_type_name (cases[i].type));
      assert_stanza_xml (stanza, cases[i].xml);
    }
}

static void
test_parse_unknown_keeps_everything (void)
{
  const char *xml =
    "<custom xmlns='urn:x:custom' a='1' xml:lang='fr'>"
    "<child b='2'>text<grand xmlns='urn:y'/>tail</child><other/>"
    "</custom>";
  g_autoptr(SleekStanza) stanza = parse_stanza (xml);

  g_assert_true (G_OBJECT_TYPE (stanza) == SLEEK_TYPE_STANZA);
  assert_stanza_xml (stanza, xml);
  g_assert_cmpstr (sleek_stanza_get_string (stanza, "lang"), ==, "fr");
  g_assert_null (sleek_stanza_get_plugin (stanza, "error", TRUE));
}

static void
test_parse_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SleekStanza) stanza = sleek_stanza_parse ("<message xmlns='jabber:client'><body></message>", &error);

  g_assert_null (stanza);
  g_assert_nonnull (error);
}

static void
test_parse_component_keys (void)
{
  g_autoptr(SleekStanza) stanza =
    parse_stanza ("<message xmlns='jabber:component:accept' to='a@b'><body>hi</body></message>");

  g_assert_true (SLEEK_IS_MESSAGE (stanza));
  g_assert_cmpstr (sleek_stanza_get_string (stanza, "body"), ==, "hi");
  sleek_stanza_set_string (stanza, "subject", "s");
  sleek_stanza_set_string (stanza, "body", "there");
  assert_stanza_xml (stanza,
                     "<message xmlns='jabber:component:accept' to='a@b'>"
                     "<body>there</body><subject>s</subject></message>");
  g_assert_cmpstr (sleek_node_get_namespace (sleek_node_get_child (sleek_stanza_get_node (stanza), "subject", NULL)),
                   ==, SLEEK_NS_COMPONENT);
}

static void
test_to_string (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autoptr(SleekStanza) round_trip = NULL;
  g_autofree char *xml = NULL;

  sleek_message_set_body (message, "x");
  xml = sleek_stanza_to_string (SLEEK_STANZA (message));
  g_assert_nonnull (strstr (xml, "jabber:client"));
  round_trip = parse_stanza (xml);
  g_assert_true (SLEEK_IS_MESSAGE (round_trip));
  g_assert_true (sleek_node_equal (sleek_stanza_get_node (round_trip), sleek_stanza_get_node (SLEEK_STANZA (message))));
}

/* ------------------------------------------------------------------ */
/* Plugins                                                            */
/* ------------------------------------------------------------------ */

static void
test_plugin_get_without_create (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();

  g_assert_null (sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", FALSE));
  g_assert_null (sleek_stanza_get_plugin (SLEEK_STANZA (message), "error", FALSE));
  assert_stanza_xml (message, "<message xmlns='jabber:client'/>");
}

static void
test_plugin_create (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  SleekStanza *thing = sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", TRUE);

  g_assert_nonnull (thing);
  g_assert_true (G_OBJECT_TYPE (thing) == TEST_TYPE_THING);
  assert_stanza_xml (message, "<message xmlns='jabber:client'><thing xmlns='urn:test:thing'/></message>");
  g_assert_true (sleek_stanza_get_node (thing) ==
                 sleek_node_get_child (sleek_stanza_get_node (SLEEK_STANZA (message)), "thing", NS_THING));
}

static void
test_plugin_reuse (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  SleekStanza *first = sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", TRUE);

  g_assert_true (sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", TRUE) == first);
  g_assert_true (sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", FALSE) == first);
  /* Only one element for repeated creates. */
  g_assert_cmpuint (sleek_node_get_n_children (sleek_stanza_get_node (SLEEK_STANZA (message))), ==, 1);
}

static void
test_plugin_edits_show_in_parent (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  SleekStanza *thing = sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", TRUE);

  sleek_stanza_set_string (thing, "color", "red");
  sleek_stanza_set_string (thing, "label", "L");
  sleek_stanza_set_string (thing, "urgent", "true");
  sleek_stanza_set_string (thing, "shout", "Hi");
  assert_stanza_xml (message,
                     "<message xmlns='jabber:client'>"
                     "<thing xmlns='urn:test:thing' color='red' word='hi'><label>L</label><urgent/></thing>"
                     "</message>");
}

static void
test_plugin_existing_child (void)
{
  g_autoptr(SleekStanza) message =
    parse_stanza ("<message xmlns='jabber:client'><body>b</body>"
                  "<thing xmlns='urn:test:thing' color='red'><label>L</label></thing></message>");
  SleekStanza *thing = sleek_stanza_get_plugin (message, "thing", FALSE);

  g_assert_nonnull (thing);
  g_assert_cmpstr (sleek_stanza_get_string (thing, "color"), ==, "red");
  g_assert_cmpstr (sleek_stanza_get_string (thing, "label"), ==, "L");
  g_assert_true (sleek_stanza_get_plugin (message, "thing", TRUE) == thing);
  g_assert_cmpuint (sleek_node_get_n_children (sleek_stanza_get_node (message)), ==, 2);
}

static void
test_plugin_delete (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  SleekStanza *thing;

  sleek_message_set_body (message, "b");
  thing = sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", TRUE);
  sleek_stanza_set_string (thing, "color", "red");

  sleek_stanza_delete (SLEEK_STANZA (message), "thing");
  assert_stanza_xml (message, "<message xmlns='jabber:client'><body>b</body></message>");
  g_assert_null (sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", FALSE));

  /* Created afresh, empty. */
  thing = sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", TRUE);
  g_assert_null (sleek_stanza_get_string (thing, "color"));
}

static void
test_plugin_element_replaced (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  SleekNode *node = sleek_stanza_get_node (SLEEK_STANZA (message));
  SleekStanza *thing = sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", TRUE);
  g_autoptr(SleekStanza) kept = g_object_ref (thing);
  SleekNode *fresh;

  /* Replace the element behind the plugin's back. */
  sleek_node_remove_children (node, "thing", NS_THING);
  g_assert_null (sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", FALSE));
  fresh = sleek_node_add_child_new (node, "thing", NS_THING);
  sleek_node_set_attribute (fresh, "color", "blue");

  thing = sleek_stanza_get_plugin (SLEEK_STANZA (message), "thing", FALSE);
  g_assert_nonnull (thing);
  g_assert_true (thing != kept);
  g_assert_true (sleek_stanza_get_node (thing) == fresh);
  g_assert_cmpstr (sleek_stanza_get_string (thing, "color"), ==, "blue");
}

static void
test_plugin_unregistered (void)
{
  g_autoptr(SleekPresence) presence = sleek_presence_new ();
  g_autoptr(SleekMessage) message = sleek_message_new ();

  g_assert_null (sleek_stanza_get_plugin (SLEEK_STANZA (message), "no-such-plugin", TRUE));
  /* "thing" is registered on SleekMessage only. */
  g_assert_null (sleek_stanza_get_plugin (SLEEK_STANZA (presence), "thing", TRUE));
  assert_stanza_xml (presence, "<presence xmlns='jabber:client'/>");
}

static void
test_plugin_attribs (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autoptr(SleekIq) iq = sleek_iq_new ("get");
  g_auto(GStrv) message_attribs = sleek_stanza_get_plugin_attribs (SLEEK_STANZA (message));
  g_auto(GStrv) iq_attribs = sleek_stanza_get_plugin_attribs (SLEEK_STANZA (iq));

  g_assert_true (g_strv_contains ((const char * const *) message_attribs, "error"));
  g_assert_true (g_strv_contains ((const char * const *) message_attribs, "thing"));
  g_assert_false (g_strv_contains ((const char * const *) message_attribs, "disco_info"));
  g_assert_true (g_strv_contains ((const char * const *) iq_attribs, "error"));
  g_assert_true (g_strv_contains ((const char * const *) iq_attribs, "disco_info"));
}

static void
test_keys (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autoptr(SleekStanza) plain = sleek_stanza_new ("thing", "urn:example:unknown");
  g_auto(GStrv) message_keys = sleek_stanza_get_keys (SLEEK_STANZA (message));
  g_auto(GStrv) plain_keys = sleek_stanza_get_keys (plain);

  /* The message's own keys and those it inherits, sorted; no plugins. */
  g_assert_true (g_strv_contains ((const char * const *) message_keys, "body"));
  g_assert_true (g_strv_contains ((const char * const *) message_keys, "to"));
  g_assert_false (g_strv_contains ((const char * const *) message_keys, "error"));
  for (guint i = 1; message_keys[i] != NULL; i++)
    g_assert_cmpint (strcmp (message_keys[i - 1], message_keys[i]), <, 0);
  g_assert_cmpstrv (plain_keys, ((const char * const[]) { "from", "id", "lang", "to", "type", NULL }));
}

static void
test_plugin_content_namespace (void)
{
  g_autoptr(SleekStanza) component =
    parse_stanza ("<message xmlns='jabber:component:accept' type='error'>"
                  "<error type='cancel'><gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");
  g_autoptr(SleekStanza) server = parse_stanza ("<message xmlns='jabber:server'/>");
  SleekStanza *error = sleek_stanza_get_plugin (component, "error", FALSE);

  g_assert_nonnull (error);
  g_assert_true (SLEEK_IS_ERROR_STANZA (error));
  g_assert_cmpstr (sleek_stanza_get_string (error, "condition"), ==, "gone");

  /* Created in the parent's content namespace. */
  error = sleek_stanza_get_plugin (server, "error", TRUE);
  g_assert_cmpstr (sleek_node_get_namespace (sleek_stanza_get_node (error)), ==, SLEEK_NS_SERVER);
}

/* ------------------------------------------------------------------ */
/* JIDs                                                               */
/* ------------------------------------------------------------------ */

static void
test_jid_properties (void)
{
  g_autoptr(SleekStanza) stanza =
    parse_stanza ("<message xmlns='jabber:client' to='Juliet@Example.com/balcony' from='romeo@example.net'/>");
  SleekJid *to = sleek_stanza_get_to (stanza);
  SleekJid *from = sleek_stanza_get_from (stanza);

  g_assert_nonnull (to);
  g_assert_nonnull (from);
  g_assert_cmpstr (sleek_jid_get_bare (to), ==, "juliet@example.com");
  g_assert_cmpstr (sleek_jid_get_resource (to), ==, "balcony");
  g_assert_cmpstr (sleek_jid_to_string (from), ==, "romeo@example.net");
  /* The key gives the attribute as it is. */
  g_assert_cmpstr (sleek_stanza_get_string (stanza, "to"), ==, "Juliet@Example.com/balcony");
}

static void
test_jid_absent_and_invalid (void)
{
  g_autoptr(SleekStanza) stanza = parse_stanza ("<message xmlns='jabber:client' to='@example.com'/>");

  g_assert_null (sleek_stanza_get_to (stanza));
  g_assert_cmpstr (sleek_stanza_get_string (stanza, "to"), ==, "@example.com");
  g_assert_null (sleek_stanza_get_from (stanza));
}

static void
test_jid_cache (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  SleekStanza *stanza = SLEEK_STANZA (message);
  SleekJid *first, *second;

  sleek_stanza_set_string (stanza, "to", "a@example.com");
  first = sleek_stanza_get_to (stanza);
  g_assert_nonnull (first);
  g_assert_true (sleek_stanza_get_to (stanza) == first);

  /* A new value through the key invalidates the cache. */
  sleek_stanza_set_string (stanza, "to", "b@example.com");
  second = sleek_stanza_get_to (stanza);
  g_assert_cmpstr (sleek_jid_to_string (second), ==, "b@example.com");

  /* So does a change made on the node directly. */
  sleek_node_set_attribute (sleek_stanza_get_node (stanza), "to", "c@example.com/r");
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_to (stanza)), ==, "c@example.com/r");

  sleek_stanza_delete (stanza, "to");
  g_assert_null (sleek_stanza_get_to (stanza));
}

static void
test_jid_setters (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  SleekStanza *stanza = SLEEK_STANZA (message);
  g_autoptr(SleekJid) to = sleek_jid_new ("juliet@example.com/balcony", NULL);
  g_autoptr(SleekJid) from = sleek_jid_new ("romeo@example.net", NULL);
  SleekJid *got = NULL;

  sleek_stanza_set_to (stanza, to);
  g_object_set (stanza, "from", from, NULL);
  assert_stanza_xml (stanza, "<message xmlns='jabber:client' to='juliet@example.com/balcony' from='romeo@example.net'/>");
  g_assert_true (sleek_jid_equal (sleek_stanza_get_to (stanza), to));

  g_object_get (stanza, "from", &got, NULL);
  g_assert_true (sleek_jid_equal (got, from));
  sleek_jid_unref (got);

  sleek_stanza_set_to (stanza, NULL);
  g_object_set (stanza, "from", NULL, NULL);
  assert_stanza_xml (stanza, "<message xmlns='jabber:client'/>");
  g_assert_null (sleek_stanza_get_to (stanza));
  g_assert_null (sleek_stanza_get_from (stanza));
}

/* ------------------------------------------------------------------ */
/* Notifications                                                      */
/* ------------------------------------------------------------------ */

static void
test_notify_only_on_change (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  SleekStanza *stanza = SLEEK_STANZA (message);
  g_autoptr(SleekJid) jid = sleek_jid_new ("a@example.com", NULL);
  NotifyLog log;

  notify_log_init (&log, stanza);

  sleek_stanza_set_id (stanza, "1");
  sleek_stanza_set_id (stanza, "1");
  g_assert_cmpuint (notify_log_count (&log, "id"), ==, 1);
  sleek_stanza_set_id (stanza, "2");
  g_assert_cmpuint (notify_log_count (&log, "id"), ==, 2);
  sleek_stanza_set_id (stanza, NULL);
  sleek_stanza_set_id (stanza, NULL);
  g_assert_cmpuint (notify_log_count (&log, "id"), ==, 3);
  /* A value that is not UTF-8 changes nothing and notifies nothing. */
  g_test_expect_message ("Sleek", G_LOG_LEVEL_CRITICAL, "*utf8_validate*");
  sleek_stanza_set_id (stanza, "\xff");
  g_test_assert_expected_messages ();
  g_assert_null (sleek_stanza_get_id (stanza));
  g_assert_cmpuint (notify_log_count (&log, "id"), ==, 3);

  sleek_stanza_set_string (stanza, "type", "chat");
  g_object_set (stanza, "type", "chat", NULL);
  g_assert_cmpuint (notify_log_count (&log, "type"), ==, 1);

  sleek_stanza_set_to (stanza, jid);
  sleek_stanza_set_string (stanza, "to", "a@example.com");
  g_assert_cmpuint (notify_log_count (&log, "to"), ==, 1);
  sleek_stanza_delete (stanza, "to");
  sleek_stanza_delete (stanza, "to");
  g_assert_cmpuint (notify_log_count (&log, "to"), ==, 2);
  g_assert_cmpuint (notify_log_count (&log, "from"), ==, 0);

  sleek_stanza_set_string (stanza, "from", "b@example.com");
  g_assert_cmpuint (notify_log_count (&log, "from"), ==, 1);

  /* Subclass keys notify their property too. */
  sleek_stanza_set_string (stanza, "body", "x");
  sleek_message_set_body (message, "x");
  g_object_set (message, "body", "x", NULL);
  g_assert_cmpuint (notify_log_count (&log, "body"), ==, 1);
  sleek_stanza_delete (stanza, "body");
  g_assert_cmpuint (notify_log_count (&log, "body"), ==, 2);
  /* An empty body is there, unlike none. */
  sleek_message_set_body (message, "");
  g_assert_cmpuint (notify_log_count (&log, "body"), ==, 3);
  g_assert_cmpstr (sleek_message_get_body (message), ==, "");
  sleek_message_set_body (message, "");
  g_assert_cmpuint (notify_log_count (&log, "body"), ==, 3);
  sleek_message_set_body (message, "y");
  g_assert_cmpuint (notify_log_count (&log, "body"), ==, 4);
  g_test_expect_message ("Sleek", G_LOG_LEVEL_CRITICAL, "*utf8_validate*");
  sleek_message_set_body (message, "\xff");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (sleek_message_get_body (message), ==, "y");
  g_assert_cmpuint (notify_log_count (&log, "body"), ==, 4);
  sleek_message_set_body (message, "");
  g_assert_cmpuint (notify_log_count (&log, "body"), ==, 5);
  g_assert_cmpstr (sleek_message_get_body (message), ==, "");
  g_assert_cmpuint (sleek_node_get_n_children (sleek_stanza_get_node (stanza)), ==, 1);
  sleek_stanza_delete (stanza, "body");

  /* Keys without a property notify nothing. */
  notify_log_reset (&log);
  sleek_stanza_set_string (stanza, "lang", "en");
  g_assert_cmpuint (g_hash_table_size (log.counts), ==, 0);

  notify_log_clear (&log, stanza);
}

/* ------------------------------------------------------------------ */
/* Copy and reply                                                     */
/* ------------------------------------------------------------------ */

static void
test_copy_independent (void)
{
  g_autoptr(SleekStanza) original =
    parse_stanza ("<message xmlns='jabber:client' to='a@b' id='7'><body>one</body>"
                  "<thing xmlns='urn:test:thing' color='red'/></message>");
  SleekStanza *original_thing = sleek_stanza_get_plugin (original, "thing", FALSE);
  g_autoptr(SleekStanza) copy = sleek_stanza_copy (original);
  SleekStanza *copy_thing;

  g_assert_true (G_OBJECT_TYPE (copy) == SLEEK_TYPE_MESSAGE);
  g_assert_true (sleek_node_equal (sleek_stanza_get_node (copy), sleek_stanza_get_node (original)));
  g_assert_true (sleek_stanza_get_node (copy) != sleek_stanza_get_node (original));

  copy_thing = sleek_stanza_get_plugin (copy, "thing", FALSE);
  g_assert_nonnull (copy_thing);
  g_assert_true (copy_thing != original_thing);

  sleek_stanza_set_string (copy, "body", "two");
  sleek_stanza_set_string (copy_thing, "color", "blue");
  sleek_stanza_set_string (copy, "id", "8");
  assert_stanza_xml (original,
                     "<message xmlns='jabber:client' to='a@b' id='7'><body>one</body>"
                     "<thing xmlns='urn:test:thing' color='red'/></message>");
  assert_stanza_xml (copy,
                     "<message xmlns='jabber:client' to='a@b' id='8'><body>two</body>"
                     "<thing xmlns='urn:test:thing' color='blue'/></message>");
}

static void
test_copy_plain_and_custom (void)
{
  g_autoptr(SleekStanza) plain = parse_stanza ("<x xmlns='urn:x'><y/></x>");
  g_autoptr(SleekStanza) plain_copy = sleek_stanza_copy (plain);
  g_autoptr(SleekStanza) sub = g_object_new (TEST_TYPE_SUB_THING, NULL);
  g_autoptr(SleekStanza) sub_copy = NULL;

  g_assert_true (G_OBJECT_TYPE (plain_copy) == SLEEK_TYPE_STANZA);
  assert_stanza_xml (plain_copy, "<x xmlns='urn:x'><y/></x>");

  sleek_stanza_set_string (sub, "extra", "e");
  sub_copy = sleek_stanza_copy (sub);
  g_assert_true (G_OBJECT_TYPE (sub_copy) == TEST_TYPE_SUB_THING);
  g_assert_cmpstr (sleek_stanza_get_string (sub_copy, "extra"), ==, "e");
}

static void
test_reply_plain (void)
{
  g_autoptr(SleekStanza) stanza =
    parse_stanza ("<foo xmlns='urn:x' to='a@example.com' from='b@example.com/r' id='9' type='t'><bar/>text</foo>");
  g_autoptr(SleekStanza) cleared = sleek_stanza_reply (stanza, TRUE);
  g_autoptr(SleekStanza) kept = sleek_stanza_reply (stanza, FALSE);

  g_assert_true (G_OBJECT_TYPE (cleared) == SLEEK_TYPE_STANZA);
  assert_stanza_xml (cleared, "<foo xmlns='urn:x' to='b@example.com/r' from='a@example.com' id='9' type='t'/>");
  assert_stanza_xml (kept, "<foo xmlns='urn:x' to='b@example.com/r' from='a@example.com' id='9' type='t'><bar/>text</foo>");
  /* The original is untouched. */
  assert_stanza_xml (stanza, "<foo xmlns='urn:x' to='a@example.com' from='b@example.com/r' id='9' type='t'><bar/>text</foo>");
}

static void
test_reply_missing_addresses (void)
{
  g_autoptr(SleekStanza) stanza = parse_stanza ("<message xmlns='jabber:client' from='b@example.com'/>");
  g_autoptr(SleekStanza) reply = sleek_stanza_reply (stanza, TRUE);

  assert_stanza_xml (reply, "<message xmlns='jabber:client' to='b@example.com'/>");
  g_assert_cmpstr (sleek_jid_to_string (sleek_stanza_get_to (reply)), ==, "b@example.com");
  g_assert_null (sleek_stanza_get_from (reply));
}

/* ------------------------------------------------------------------ */
/* Stanza paths                                                       */
/* ------------------------------------------------------------------ */

#define M1 "<message xmlns='jabber:client' to='juliet@example.com/balcony' from='romeo@example.net/orchard' " \
           "type='chat' id='m1'><body>Hi</body><delay xmlns='urn:xmpp:delay' stamp='2002-09-10T23:08:25Z'/></message>"
#define M2 "<message xmlns='jabber:client'><thing xmlns='urn:test:thing' color='red'><label>L</label></thing></message>"
#define P1 "<presence xmlns='jabber:client' type='unavailable' to='x'/>"
#define P2 "<presence xmlns='jabber:client'><show>away</show></presence>"
#define I1 "<iq xmlns='jabber:client' type='get' id='d1'><query xmlns='http://jabber.org/protocol/disco#info' node='n'/></iq>"
#define E1 "<iq xmlns='jabber:client' type='error' id='e1'><error type='cancel'>" \
           "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"
#define C1 "<message xmlns='jabber:component:accept' type='chat'><body>x</body></message>"
#define X1 "<custom xmlns='urn:x'><a k='v'><b/></a></custom>"

typedef struct {
  const char *xml;
  const char *path;
  gboolean    expected;
} MatchCase;

static const MatchCase match_cases[] = {
  { M1, "message", TRUE },
  { M1, "presence", FALSE },
  { M1, "message/body", TRUE },
  { M1, "message/subject", FALSE },
  { M1, "message@type=chat", TRUE },
  { M1, "message@type=groupchat", FALSE },
  { M1, "message@type=chat@id=m1", TRUE },
  { M1, "message@type=chat@id=m2", FALSE },
  { M1, "message@to='juliet@example.com/balcony'", TRUE },
  { M1, "message@from=romeo@example.net@type=chat", FALSE },
  { M1, "message@from=\"romeo@example.net/orchard\"@type=chat/body", TRUE },
  { M1, "{jabber:client}message", TRUE },
  { M1, "{jabber:server}message", TRUE },
  { M1, "{urn:other}message", FALSE },
  { M1, "{jabber:client}message/{urn:xmpp:delay}delay", TRUE },
  { M1, "message/{urn:other}delay", FALSE },
  { M1, "message/delay", TRUE },
  { M1, "message/delay@stamp=2002-09-10T23:08:25Z", TRUE },
  { M1, "message/delay@stamp=yesterday", FALSE },
  { M1, "message/error", FALSE },
  { M1, "message/thing", FALSE },
  { M1, "message/type", TRUE },
  { M1, "message/lang", FALSE },
  { M2, "message/thing", TRUE },
  { M2, "message/thing@color=red", TRUE },
  { M2, "message/thing@color=blue", FALSE },
  { M2, "message/thing/label", TRUE },
  { M2, "message/thing/urgent", FALSE },
  { M2, "message/{urn:test:thing}thing@color=red", TRUE },
  { M2, "message/body", FALSE },
  { P1, "presence@type=unavailable@to=x", TRUE },
  { P1, "presence@type=unavailable@to=y", FALSE },
  { P1, "presence@type=unavailable", TRUE },
  { P2, "presence@type=", TRUE },
  { P2, "presence@show=away/show", TRUE },
  { P2, "presence/status", FALSE },
  { I1, "iq@type=get/disco_info", TRUE },
  { I1, "iq@type=set/disco_info", FALSE },
  { I1, "iq/disco_info@node=n", TRUE },
  { I1, "iq/disco_info@node=m", FALSE },
  { I1, "iq/{http://jabber.org/protocol/disco#info}query", TRUE },
  { I1, "iq/{http://jabber.org/protocol/disco#items}query", FALSE },
  { I1, "iq/query", TRUE },
  { I1, "iq/disco_items", FALSE },
  { E1, "iq@type=error/error@condition=item-not-found", TRUE },
  { E1, "iq/error@type=cancel", TRUE },
  { E1, "iq/error@condition=bad-request", FALSE },
  { E1, "iq/error/condition", TRUE },
  { E1, "iq/error/text", FALSE },
  { C1, "{jabber:client}message@type=chat/body", TRUE },
  { C1, "{jabber:component:accept}message/body", TRUE },
  { X1, "custom/a@k=v/b", TRUE },
  { X1, "custom/a@k=w/b", FALSE },
  { X1, "custom/a/c", FALSE },
  { X1, "{urn:x}custom/{urn:x}a", TRUE },
  { M1, "", FALSE },
  { M1, "message@type", FALSE },
  { M1, "{jabber:client message", FALSE },
  { M1, "message@to='unterminated", FALSE },
};

static void
test_match_case (gconstpointer data)
{
  const MatchCase *match = data;
  g_autoptr(SleekStanza) stanza = parse_stanza (match->xml);

  g_test_message ("path “%s”", match->path);
  g_assert_cmpint (sleek_stanza_match (stanza, match->path), ==, match->expected);
}

static void
test_match_plugin_itself (void)
{
  g_autoptr(SleekStanza) message = parse_stanza (M2);
  SleekStanza *thing = sleek_stanza_get_plugin (message, "thing", FALSE);
  g_autoptr(SleekStanza) iq = parse_stanza (I1);
  SleekStanza *disco = sleek_stanza_get_plugin (iq, "disco_info", FALSE);

  g_assert_true (sleek_stanza_match (thing, "thing@color=red/label"));
  g_assert_true (sleek_stanza_match (disco, "disco_info@node=n"));
  g_assert_true (sleek_stanza_match (disco, "query"));
  g_assert_false (sleek_stanza_match (disco, "iq"));
  /* Matching never creates plugins. */
  g_assert_false (sleek_stanza_match (message, "message/error"));
  assert_stanza_xml (message, M2);
}

/* ------------------------------------------------------------------ */
/* Errors                                                             */
/* ------------------------------------------------------------------ */

static void
test_error_none (void)
{
  g_autoptr(SleekStanza) iq = parse_stanza (I1);
  g_autoptr(SleekStanza) odd =
    parse_stanza ("<message xmlns='jabber:client' type='chat'><error type='cancel'>"
                  "<gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></message>");

  g_assert_null (sleek_stanza_get_error (iq));
  /* Only a stanza of type error carries an error. */
  g_assert_null (sleek_stanza_get_error (odd));
}

typedef struct {
  SleekStanzaError code;
  const char      *message;
  const char      *xml;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { SLEEK_STANZA_ERROR_ITEM_NOT_FOUND, "No such node",
    "<iq xmlns='jabber:client' type='error'><error type='cancel'>"
    "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
    "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>No such node</text></error></iq>" },
  { SLEEK_STANZA_ERROR_NOT_AUTHORIZED, "not-authorized",
    "<iq xmlns='jabber:client' type='error'><error type='auth'>"
    "<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>" },
  { SLEEK_STANZA_ERROR_BAD_REQUEST, "",
    "<iq xmlns='jabber:client' type='error'><error type='modify'>"
    "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>" },
  { SLEEK_STANZA_ERROR_RESOURCE_CONSTRAINT, "Too busy",
    "<iq xmlns='jabber:client' type='error'><error type='wait'>"
    "<resource-constraint xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
    "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Too busy</text></error></iq>" },
  { SLEEK_STANZA_ERROR_SERVICE_UNAVAILABLE, "service-unavailable",
    "<iq xmlns='jabber:client' type='error'><error type='cancel'>"
    "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>" },
};

static void
test_error_round_trip (gconstpointer data)
{
  const ErrorCase *error_case = data;
  g_autoptr(SleekIq) iq = sleek_iq_new ("get");
  g_autoptr(GError) in = g_error_new_literal (SLEEK_STANZA_ERROR, error_case->code, error_case->message);
  g_autoptr(GError) out = NULL;

  sleek_stanza_set_error (SLEEK_STANZA (iq), in);
  assert_stanza_xml (iq, error_case->xml);

  out = sleek_stanza_get_error (SLEEK_STANZA (iq));
  g_assert_error (out, SLEEK_STANZA_ERROR, (int) error_case->code);
  if (*error_case->message != '\0')
    g_assert_cmpstr (out->message, ==, error_case->message);
  else
    g_assert_cmpstr (out->message, ==, sleek_stanza_error_to_condition (error_case->code));
}

static void
test_error_foreign_domain (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  g_autoptr(GError) in = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "Disk says no");
  g_autoptr(GError) out = NULL;
  SleekStanza *error;

  sleek_stanza_set_error (SLEEK_STANZA (message), in);
  assert_stanza_xml (message,
                     "<message xmlns='jabber:client' type='error'><error type='cancel'>"
                     "<undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                     "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Disk says no</text></error></message>");
  out = sleek_stanza_get_error (SLEEK_STANZA (message));
  g_assert_error (out, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_UNDEFINED_CONDITION);
  g_assert_cmpstr (out->message, ==, "Disk says no");

  error = sleek_stanza_get_plugin (SLEEK_STANZA (message), "error", FALSE);
  g_assert_cmpstr (sleek_stanza_get_string (error, "condition"), ==, "undefined-condition");
  g_assert_cmpstr (sleek_stanza_get_string (error, "type"), ==, "cancel");
  g_assert_cmpstr (sleek_stanza_get_string (error, "text"), ==, "Disk says no");
}

static void
test_error_from_wire (void)
{
  g_autoptr(SleekStanza) unknown =
    parse_stanza ("<presence xmlns='jabber:client' type='error'><error type='auth' code='402'>"
                  "<payment-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>");
  g_autoptr(SleekStanza) bare = parse_stanza ("<message xmlns='jabber:client' type='error'/>");
  g_autoptr(SleekStanza) component =
    parse_stanza ("<iq xmlns='jabber:component:accept' type='error' id='1'><error type='cancel'>"
                  "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Gone away</text>"
                  "<gone xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>xmpp:new@example.com</gone>"
                  "<app xmlns='urn:app:errors'/></error></iq>");
  g_autoptr(GError) e1 = sleek_stanza_get_error (unknown);
  g_autoptr(GError) e2 = sleek_stanza_get_error (bare);
  g_autoptr(GError) e3 = sleek_stanza_get_error (component);
  SleekStanza *error;

  g_assert_error (e1, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_UNDEFINED_CONDITION);
  g_assert_cmpstr (e1->message, ==, "payment-required");
  error = sleek_stanza_get_plugin (unknown, "error", FALSE);
  g_assert_cmpstr (sleek_stanza_get_string (error, "code"), ==, "402");

  g_assert_error (e2, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_UNDEFINED_CONDITION);
  g_assert_cmpstr (e2->message, ==, "undefined-condition");

  g_assert_error (e3, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_GONE);
  g_assert_cmpstr (e3->message, ==, "Gone away");
}

static void
test_error_replaces (void)
{
  g_autoptr(SleekIq) iq = sleek_iq_new ("set");
  g_autoptr(GError) first = g_error_new_literal (SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_CONFLICT, "c");
  g_autoptr(GError) second = g_error_new_literal (SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FORBIDDEN, "forbidden");
  SleekStanza *before = NULL, *after;

  sleek_stanza_set_error (SLEEK_STANZA (iq), first);
  before = sleek_stanza_get_plugin (SLEEK_STANZA (iq), "error", FALSE);
  g_assert_cmpstr (sleek_stanza_get_string (before, "condition"), ==, "conflict");

  sleek_stanza_set_error (SLEEK_STANZA (iq), second);
  assert_stanza_xml (iq,
                     "<iq xmlns='jabber:client' type='error'><error type='auth'>"
                     "<forbidden xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
  after = sleek_stanza_get_plugin (SLEEK_STANZA (iq), "error", FALSE);
  g_assert_cmpstr (sleek_stanza_get_string (after, "condition"), ==, "forbidden");
  g_assert_null (sleek_stanza_get_string (after, "text"));
}

static void
test_error_plugin_keys (void)
{
  g_autoptr(SleekMessage) message = sleek_message_new ();
  SleekStanza *error = sleek_stanza_get_plugin (SLEEK_STANZA (message), "error", TRUE);
  NotifyLog log;

  g_assert_true (SLEEK_IS_ERROR_STANZA (error));
  notify_log_init (&log, error);

  sleek_stanza_set_string (error, "type", "modify");
  sleek_stanza_set_string (error, "text", "Bad");
  sleek_stanza_set_string (error, "condition", "bad-request");
  sleek_stanza_set_string (error, "code", "400");
  assert_stanza_xml (message,
                     "<message xmlns='jabber:client'><error type='modify' code='400'>"
                     "<bad-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                     "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Bad</text></error></message>");
  g_assert_cmpuint (notify_log_count (&log, "condition"), ==, 1);
  g_assert_cmpuint (notify_log_count (&log, "text"), ==, 1);

  /* A new condition replaces the old one, in front of <text/>. */
  sleek_error_stanza_set_condition (SLEEK_ERROR_STANZA (error), "not-acceptable");
  sleek_error_stanza_set_condition (SLEEK_ERROR_STANZA (error), "not-acceptable");
  g_assert_cmpuint (notify_log_count (&log, "condition"), ==, 2);
  g_assert_cmpstr (sleek_error_stanza_get_condition (SLEEK_ERROR_STANZA (error)), ==, "not-acceptable");
  g_assert_cmpstr (sleek_error_stanza_get_text (SLEEK_ERROR_STANZA (error)), ==, "Bad");
  assert_stanza_xml (message,
                     "<message xmlns='jabber:client'><error type='modify' code='400'>"
                     "<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                     "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Bad</text></error></message>");

  sleek_stanza_delete (error, "condition");
  sleek_stanza_delete (error, "text");
  sleek_stanza_delete (error, "code");
  g_assert_null (sleek_stanza_get_string (error, "condition"));
  assert_stanza_xml (message, "<message xmlns='jabber:client'><error type='modify'/></message>");

  notify_log_clear (&log, error);

  sleek_stanza_delete (SLEEK_STANZA (message), "error");
  assert_stanza_xml (message, "<message xmlns='jabber:client'/>");
}

static void
test_error_make_reply (void)
{
  g_autoptr(SleekStanza) iq =
    parse_stanza ("<iq xmlns='jabber:client' type='get' id='q1' from='juliet@example.com/balcony' to='example.com'>"
                  "<query xmlns='jabber:iq:version'/></iq>");
  g_autoptr(GError) in = g_error_new_literal (SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED,
                                              "feature-not-implemented");
  g_autoptr(SleekStanza) reply = sleek_stanza_make_error_reply (iq, in);
  g_autoptr(GError) out = sleek_stanza_get_error (reply);

  g_assert_true (SLEEK_IS_IQ (reply));
  assert_stanza_xml (reply,
                     "<iq xmlns='jabber:client' type='error' id='q1' to='juliet@example.com/balcony' from='example.com'>"
                     "<query xmlns='jabber:iq:version'/><error type='cancel'>"
                     "<feature-not-implemented xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
  g_assert_error (out, SLEEK_STANZA_ERROR, SLEEK_STANZA_ERROR_FEATURE_NOT_IMPLEMENTED);
  /* The request is untouched. */
  g_assert_null (sleek_stanza_get_error (iq));
  g_assert_cmpstr (sleek_stanza_get_string (iq, "type"), ==, "get");
}

static void
test_error_make_reply_message (void)
{
  g_autoptr(SleekStanza) message =
    parse_stanza ("<message xmlns='jabber:component:accept' type='chat' id='m' from='a@b/c' to='svc.example.com'>"
                  "<body>hello</body></message>");
  g_autoptr(GError) in = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "Broken");
  g_autoptr(SleekStanza) reply = sleek_stanza_make_error_reply (message, in);

  assert_stanza_xml (reply,
                     "<message xmlns='jabber:component:accept' type='error' id='m' to='a@b/c' from='svc.example.com'>"
                     "<body>hello</body><error type='cancel'>"
                     "<undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                     "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Broken</text></error></message>");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (!g_test_subprocess ())
    register_test_types ();

  g_test_add_func ("/stanza/threads/lazy-registration", test_threads_lazy_registration);

  g_test_add_func ("/stanza/new/plain", test_new_plain);
  g_test_add_func ("/stanza/new/default-node", test_new_default_node);
  g_test_add_func ("/stanza/new/for-node-shares", test_new_for_node_shares);
  g_test_add_func ("/stanza/keys/attribute", test_keys_attribute);
  g_test_add_func ("/stanza/keys/child-text", test_keys_child_text);
  g_test_add_func ("/stanza/keys/child-flag", test_keys_child_flag);
  g_test_add_func ("/stanza/keys/custom", test_keys_custom);
  g_test_add_func ("/stanza/keys/unknown", test_keys_unknown);
  g_test_add_func ("/stanza/keys/base", test_keys_base);
  g_test_add_func ("/stanza/keys/inherited", test_keys_inherited);
  g_test_add_func ("/stanza/keys/added-later", test_keys_added_later);
  g_test_add_func ("/stanza/registry/lookup", test_registry_lookup);
  g_test_add_func ("/stanza/registry/content-namespaces", test_registry_content_namespaces);
  g_test_add_func ("/stanza/parse/types", test_parse_types);
  g_test_add_func ("/stanza/parse/unknown-keeps-everything", test_parse_unknown_keeps_everything);
  g_test_add_func ("/stanza/parse/invalid", test_parse_invalid);
  g_test_add_func ("/stanza/parse/component-keys", test_parse_component_keys);
  g_test_add_func ("/stanza/to-string", test_to_string);
  g_test_add_func ("/stanza/plugin/get-without-create", test_plugin_get_without_create);
  g_test_add_func ("/stanza/plugin/create", test_plugin_create);
  g_test_add_func ("/stanza/plugin/reuse", test_plugin_reuse);
  g_test_add_func ("/stanza/plugin/edits-show-in-parent", test_plugin_edits_show_in_parent);
  g_test_add_func ("/stanza/plugin/existing-child", test_plugin_existing_child);
  g_test_add_func ("/stanza/plugin/delete", test_plugin_delete);
  g_test_add_func ("/stanza/plugin/element-replaced", test_plugin_element_replaced);
  g_test_add_func ("/stanza/plugin/unregistered", test_plugin_unregistered);
  g_test_add_func ("/stanza/plugin/attribs", test_plugin_attribs);
  g_test_add_func ("/stanza/plugin/content-namespace", test_plugin_content_namespace);
  g_test_add_func ("/stanza/jid/properties", test_jid_properties);
  g_test_add_func ("/stanza/jid/absent-and-invalid", test_jid_absent_and_invalid);
  g_test_add_func ("/stanza/jid/cache", test_jid_cache);
  g_test_add_func ("/stanza/jid/setters", test_jid_setters);
  g_test_add_func ("/stanza/notify/only-on-change", test_notify_only_on_change);
  g_test_add_func ("/stanza/copy/independent", test_copy_independent);
  g_test_add_func ("/stanza/copy/plain-and-custom", test_copy_plain_and_custom);
  g_test_add_func ("/stanza/reply/plain", test_reply_plain);
  g_test_add_func ("/stanza/reply/missing-addresses", test_reply_missing_addresses);
  for (guint i = 0; i < G_N_ELEMENTS (match_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/stanza/match/%02u", i);

      g_test_add_data_func (name, &match_cases[i], test_match_case);
    }
  g_test_add_func ("/stanza/match/plugin-itself", test_match_plugin_itself);
  g_test_add_func ("/stanza/error/none", test_error_none);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/stanza/error/round-trip/%s",
                                               sleek_stanza_error_to_condition (error_cases[i].code));

      g_test_add_data_func (name, &error_cases[i], test_error_round_trip);
    }
  g_test_add_func ("/stanza/error/foreign-domain", test_error_foreign_domain);
  g_test_add_func ("/stanza/error/from-wire", test_error_from_wire);
  g_test_add_func ("/stanza/error/replaces", test_error_replaces);
  g_test_add_func ("/stanza/error/plugin-keys", test_error_plugin_keys);
  g_test_add_func ("/stanza/keys", test_keys);
  g_test_add_func ("/stanza/error/make-reply", test_error_make_reply);
  g_test_add_func ("/stanza/error/make-reply-message", test_error_make_reply_message);

  return g_test_run ();
}
