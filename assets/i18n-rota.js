// Texts of a member's own schedule (pages/my-shifts.js), the job list, smart groups, locations
// and member facts; merged into i18n.js's catalogs. Every key in both languages; Dutch speaks to
// "je".
export default {
  en: {
    'nav.myShifts': 'My shifts',
    'nav.myShiftsShort': 'Shifts',
  },
  nl: {
    'nav.myShifts': 'Mijn diensten',
    'nav.myShiftsShort': 'Diensten',
  },
};
