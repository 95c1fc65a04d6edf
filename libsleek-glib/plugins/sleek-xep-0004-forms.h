/* sleek-xep-0004-forms.h: XEP-0004 Data Forms
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#if !defined (SLEEK_INSIDE) && !defined (SLEEK_COMPILATION)
# error "Only <sleek/sleek.h> can be included directly."
#endif

#include <gio/gio.h>
#include <sleek/sleek-version.h>
#include <sleek/sleek-stanza.h>
#include <sleek/sleek-plugin.h>

G_BEGIN_DECLS

/**
 * SLEEK_NS_DATA_FORMS:
 *
 * The namespace of XEP-0004 Data Forms, `jabber:x:data`.
 */
#define SLEEK_NS_DATA_FORMS "jabber:x:data"

/**
 * SLEEK_DATA_FORM_ERROR:
 *
 * Error domain for data forms that do not pass
 * [method@Sleek.DataForm.validate]. Errors in this domain are from the
 * [error@Sleek.DataFormError] enumeration.
 */
#define SLEEK_DATA_FORM_ERROR (sleek_data_form_error_quark ())

/**
 * SleekDataFormError:
 * @SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED: a required field is missing or
 *   has no non-empty value
 * @SLEEK_DATA_FORM_ERROR_INVALID_VALUE: a value does not fit the type of its
 *   field (a boolean that is not `0`, `1`, `true` or `false`, a JID that is
 *   not valid, a list choice that is not among the options)
 * @SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES: a single-valued field carries
 *   more than one value
 * @SLEEK_DATA_FORM_ERROR_INVALID_FIELD: a field is malformed: it has no
 *   `var` although its type needs one, or its type is unknown
 *
 * Why a data form was rejected.
 */
typedef enum {
  SLEEK_DATA_FORM_ERROR_MISSING_REQUIRED,
  SLEEK_DATA_FORM_ERROR_INVALID_VALUE,
  SLEEK_DATA_FORM_ERROR_TOO_MANY_VALUES,
  SLEEK_DATA_FORM_ERROR_INVALID_FIELD,
} SleekDataFormError;

SLEEK_AVAILABLE_IN_ALL
GQuark sleek_data_form_error_quark (void);

#define SLEEK_TYPE_DATA_FORM_ERROR (sleek_data_form_error_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_data_form_error_get_type (void) G_GNUC_CONST;

/**
 * SleekDataFormType:
 * @SLEEK_DATA_FORM_TYPE_FORM: `form`: the form-processing entity asks for
 *   data
 * @SLEEK_DATA_FORM_TYPE_SUBMIT: `submit`: the form-submitting entity sends
 *   data
 * @SLEEK_DATA_FORM_TYPE_CANCEL: `cancel`: the form-submitting entity
 *   declines to fill the form
 * @SLEEK_DATA_FORM_TYPE_RESULT: `result`: data returned by the
 *   form-processing entity, such as search results or extended service
 *   discovery information
 * @SLEEK_DATA_FORM_TYPE_UNKNOWN: the `type` attribute is missing or holds
 *   another value
 *
 * The `type` attribute of a data form.
 */
typedef enum {
  SLEEK_DATA_FORM_TYPE_FORM,
  SLEEK_DATA_FORM_TYPE_SUBMIT,
  SLEEK_DATA_FORM_TYPE_CANCEL,
  SLEEK_DATA_FORM_TYPE_RESULT,
  SLEEK_DATA_FORM_TYPE_UNKNOWN,
} SleekDataFormType;

#define SLEEK_TYPE_DATA_FORM_TYPE (sleek_data_form_type_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_data_form_type_get_type (void) G_GNUC_CONST;

/**
 * SleekDataFormFieldType:
 * @SLEEK_DATA_FORM_FIELD_TEXT_SINGLE: `text-single`, one line of text; the
 *   type of a field whose `type` attribute is absent
 * @SLEEK_DATA_FORM_FIELD_BOOLEAN: `boolean`, a yes or no choice
 * @SLEEK_DATA_FORM_FIELD_FIXED: `fixed`, text shown to the user, not data
 * @SLEEK_DATA_FORM_FIELD_HIDDEN: `hidden`, data not shown to the user
 * @SLEEK_DATA_FORM_FIELD_JID_MULTI: `jid-multi`, several JIDs
 * @SLEEK_DATA_FORM_FIELD_JID_SINGLE: `jid-single`, one JID
 * @SLEEK_DATA_FORM_FIELD_LIST_MULTI: `list-multi`, several of the options
 * @SLEEK_DATA_FORM_FIELD_LIST_SINGLE: `list-single`, one of the options
 * @SLEEK_DATA_FORM_FIELD_TEXT_MULTI: `text-multi`, several lines of text,
 *   one value each
 * @SLEEK_DATA_FORM_FIELD_TEXT_PRIVATE: `text-private`, one line of text
 *   such as a password, to be hidden while typed
 * @SLEEK_DATA_FORM_FIELD_UNKNOWN: the `type` attribute holds a value this
 *   library does not know
 *
 * The type of a data form field.
 */
typedef enum {
  SLEEK_DATA_FORM_FIELD_TEXT_SINGLE,
  SLEEK_DATA_FORM_FIELD_BOOLEAN,
  SLEEK_DATA_FORM_FIELD_FIXED,
  SLEEK_DATA_FORM_FIELD_HIDDEN,
  SLEEK_DATA_FORM_FIELD_JID_MULTI,
  SLEEK_DATA_FORM_FIELD_JID_SINGLE,
  SLEEK_DATA_FORM_FIELD_LIST_MULTI,
  SLEEK_DATA_FORM_FIELD_LIST_SINGLE,
  SLEEK_DATA_FORM_FIELD_TEXT_MULTI,
  SLEEK_DATA_FORM_FIELD_TEXT_PRIVATE,
  SLEEK_DATA_FORM_FIELD_UNKNOWN,
} SleekDataFormFieldType;

#define SLEEK_TYPE_DATA_FORM_FIELD_TYPE (sleek_data_form_field_type_get_type ())
SLEEK_AVAILABLE_IN_ALL
GType sleek_data_form_field_type_get_type (void) G_GNUC_CONST;

/* Options */

#define SLEEK_TYPE_DATA_FORM_OPTION (sleek_data_form_option_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDataFormOption, sleek_data_form_option, SLEEK, DATA_FORM_OPTION, GObject)

SLEEK_AVAILABLE_IN_ALL
SleekDataFormOption *sleek_data_form_option_new       (const char          *value,
                                                       const char          *label);
SLEEK_AVAILABLE_IN_ALL
const char          *sleek_data_form_option_get_value (SleekDataFormOption *self);
SLEEK_AVAILABLE_IN_ALL
const char          *sleek_data_form_option_get_label (SleekDataFormOption *self);

/* Fields */

#define SLEEK_TYPE_DATA_FORM_FIELD (sleek_data_form_field_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDataFormField, sleek_data_form_field, SLEEK, DATA_FORM_FIELD, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekDataFormField     *sleek_data_form_field_new            (const char             *var,
                                                              SleekDataFormFieldType  type);
SLEEK_AVAILABLE_IN_ALL
const char             *sleek_data_form_field_get_var        (SleekDataFormField     *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_set_var        (SleekDataFormField     *self,
                                                              const char             *var);
SLEEK_AVAILABLE_IN_ALL
SleekDataFormFieldType  sleek_data_form_field_get_field_type (SleekDataFormField     *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_set_field_type (SleekDataFormField     *self,
                                                              SleekDataFormFieldType  type);
SLEEK_AVAILABLE_IN_ALL
gboolean                sleek_data_form_field_has_field_type (SleekDataFormField     *self);
SLEEK_AVAILABLE_IN_ALL
const char             *sleek_data_form_field_get_label      (SleekDataFormField     *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_set_label      (SleekDataFormField     *self,
                                                              const char             *label);
SLEEK_AVAILABLE_IN_ALL
const char             *sleek_data_form_field_get_desc       (SleekDataFormField     *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_set_desc       (SleekDataFormField     *self,
                                                              const char             *desc);
SLEEK_AVAILABLE_IN_ALL
gboolean                sleek_data_form_field_get_required   (SleekDataFormField     *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_set_required   (SleekDataFormField     *self,
                                                              gboolean                required);
SLEEK_AVAILABLE_IN_ALL
GStrv                   sleek_data_form_field_get_values     (SleekDataFormField     *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_set_values     (SleekDataFormField     *self,
                                                              const char * const     *values);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_add_value      (SleekDataFormField     *self,
                                                              const char             *value);
SLEEK_AVAILABLE_IN_ALL
const char             *sleek_data_form_field_get_value      (SleekDataFormField     *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_set_value      (SleekDataFormField     *self,
                                                              const char             *value);
SLEEK_AVAILABLE_IN_ALL
gboolean                sleek_data_form_field_get_boolean    (SleekDataFormField     *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_set_boolean    (SleekDataFormField     *self,
                                                              gboolean                value);
SLEEK_AVAILABLE_IN_ALL
GPtrArray              *sleek_data_form_field_get_options    (SleekDataFormField     *self);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_add_option     (SleekDataFormField     *self,
                                                              SleekDataFormOption    *option);
SLEEK_AVAILABLE_IN_ALL
void                    sleek_data_form_field_clear_options  (SleekDataFormField     *self);

/* Forms */

#define SLEEK_TYPE_DATA_FORM (sleek_data_form_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDataForm, sleek_data_form, SLEEK, DATA_FORM, SleekStanza)

SLEEK_AVAILABLE_IN_ALL
SleekDataForm      *sleek_data_form_new                (SleekDataFormType    type);
SLEEK_AVAILABLE_IN_ALL
SleekDataFormType   sleek_data_form_get_form_type      (SleekDataForm       *self);
SLEEK_AVAILABLE_IN_ALL
void                sleek_data_form_set_form_type      (SleekDataForm       *self,
                                                        SleekDataFormType    type);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_data_form_get_form_namespace (SleekDataForm       *self);
SLEEK_AVAILABLE_IN_ALL
void                sleek_data_form_set_form_namespace (SleekDataForm       *self,
                                                        const char          *form_namespace);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_data_form_get_title          (SleekDataForm       *self);
SLEEK_AVAILABLE_IN_ALL
void                sleek_data_form_set_title          (SleekDataForm       *self,
                                                        const char          *title);
SLEEK_AVAILABLE_IN_ALL
GStrv               sleek_data_form_get_instructions   (SleekDataForm       *self);
SLEEK_AVAILABLE_IN_ALL
void                sleek_data_form_set_instructions   (SleekDataForm       *self,
                                                        const char * const  *lines);
SLEEK_AVAILABLE_IN_ALL
void                sleek_data_form_add_instructions   (SleekDataForm       *self,
                                                        const char          *line);

SLEEK_AVAILABLE_IN_ALL
GPtrArray          *sleek_data_form_get_fields         (SleekDataForm       *self);
SLEEK_AVAILABLE_IN_ALL
SleekDataFormField *sleek_data_form_get_field          (SleekDataForm       *self,
                                                        const char          *var);
SLEEK_AVAILABLE_IN_ALL
void                sleek_data_form_add_field          (SleekDataForm       *self,
                                                        SleekDataFormField  *field);
SLEEK_AVAILABLE_IN_ALL
SleekDataFormField *sleek_data_form_add_new_field      (SleekDataForm          *self,
                                                        const char             *var,
                                                        SleekDataFormFieldType  type,
                                                        const char             *label);
SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_data_form_remove_field       (SleekDataForm       *self,
                                                        const char          *var);
SLEEK_AVAILABLE_IN_ALL
const char         *sleek_data_form_get_field_value    (SleekDataForm       *self,
                                                        const char          *var);
SLEEK_AVAILABLE_IN_ALL
void                sleek_data_form_set_field_value    (SleekDataForm       *self,
                                                        const char          *var,
                                                        const char          *value);

SLEEK_AVAILABLE_IN_ALL
GPtrArray          *sleek_data_form_get_reported       (SleekDataForm       *self);
SLEEK_AVAILABLE_IN_ALL
void                sleek_data_form_add_reported       (SleekDataForm       *self,
                                                        SleekDataFormField  *field);
SLEEK_AVAILABLE_IN_ALL
guint               sleek_data_form_get_n_items        (SleekDataForm       *self);
SLEEK_AVAILABLE_IN_ALL
GPtrArray          *sleek_data_form_get_item           (SleekDataForm       *self,
                                                        guint                n);
SLEEK_AVAILABLE_IN_ALL
void                sleek_data_form_add_item           (SleekDataForm       *self,
                                                        GPtrArray           *fields);

SLEEK_AVAILABLE_IN_ALL
gboolean            sleek_data_form_validate           (SleekDataForm       *self,
                                                        GError             **error);
SLEEK_AVAILABLE_IN_ALL
SleekDataForm      *sleek_data_form_make_submit        (SleekDataForm       *self);

SLEEK_AVAILABLE_IN_ALL
SleekDataForm      *sleek_stanza_get_form              (SleekStanza         *stanza);

/* The plugin */

#define SLEEK_TYPE_DATA_FORMS (sleek_data_forms_get_type ())
SLEEK_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (SleekDataForms, sleek_data_forms, SLEEK, DATA_FORMS, SleekPlugin)

G_END_DECLS
