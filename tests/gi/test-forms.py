#!/usr/bin/python3
# test-forms.py: XEP-0004 data forms and XEP-0128 forms from Python
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import unittest

import gi
gi.require_version('GLib', '2.0')
gi.require_version('Sleek', '1.0')
from gi.repository import GLib, Sleek  # noqa: E402

import taptest  # noqa: E402

FORM_XML = ("<x xmlns='jabber:x:data' type='form'><title>Poll</title>"
            "<field var='FORM_TYPE' type='hidden'><value>urn:example:poll</value></field>"
            "<field var='colour' type='list-single' label='Colour'>"
            "<option label='Red'><value>red</value></option>"
            "<option label='Blue'><value>blue</value></option><required/></field>"
            "<field var='notes' type='text-multi'/></x>")


class FormsTest(unittest.TestCase):
    def test_read_and_answer(self):
        form = Sleek.Stanza.parse(FORM_XML)
        self.assertIsInstance(form, Sleek.DataForm)
        self.assertEqual(form.get_form_type(), Sleek.DataFormType.FORM)
        self.assertEqual(form.get_title(), 'Poll')
        self.assertEqual(form.get_form_namespace(), 'urn:example:poll')
        fields = form.get_fields()
        self.assertEqual([f.get_var() for f in fields], ['FORM_TYPE', 'colour', 'notes'])
        colour = form.get_field('colour')
        self.assertEqual(colour.get_field_type(), Sleek.DataFormFieldType.LIST_SINGLE)
        self.assertTrue(colour.get_required())
        self.assertEqual([(o.get_value(), o.get_label()) for o in colour.get_options()],
                         [('red', 'Red'), ('blue', 'Blue')])

        with self.assertRaises(GLib.Error) as caught:
            form.validate()
        self.assertTrue(caught.exception.matches(Sleek.data_form_error_quark(),
                                                 Sleek.DataFormError.MISSING_REQUIRED))
        self.assertIn('colour', caught.exception.message)

        colour.set_value('green')
        with self.assertRaises(GLib.Error) as caught:
            form.validate()
        self.assertTrue(caught.exception.matches(Sleek.data_form_error_quark(),
                                                 Sleek.DataFormError.INVALID_VALUE))

        colour.set_value('blue')
        form.get_field('notes').set_values(['one', 'two'])
        self.assertTrue(form.validate())
        submit = form.make_submit()
        self.assertEqual(submit.get_form_type(), Sleek.DataFormType.SUBMIT)
        self.assertEqual(submit.get_field_value('colour'), 'blue')
        self.assertEqual(submit.get_field('notes').get_values(), ['one', 'two'])
        self.assertEqual(submit.get_form_namespace(), 'urn:example:poll')

    def test_build(self):
        form = Sleek.DataForm.new(Sleek.DataFormType.RESULT)
        form.set_form_namespace('urn:example:info')
        field = form.add_new_field('public', Sleek.DataFormFieldType.BOOLEAN, 'Public?')
        field.set_boolean(True)
        column = Sleek.DataFormField.new('jid', Sleek.DataFormFieldType.JID_SINGLE)
        form.add_reported(column)
        cell = Sleek.DataFormField.new('jid', Sleek.DataFormFieldType.UNKNOWN)
        cell.set_value('romeo@example.net')
        form.add_item([cell])

        again = Sleek.Stanza.parse(form.to_string())
        self.assertTrue(again.get_field('public').get_boolean())
        self.assertEqual([f.get_var() for f in again.get_reported()], ['jid'])
        self.assertEqual(again.get_n_items(), 1)
        self.assertEqual(again.get_item(0)[0].get_value(), 'romeo@example.net')
        self.assertFalse(again.get_item(1))


if __name__ == '__main__':
    taptest.main()
