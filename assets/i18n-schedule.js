// Texts of the schedule lobby and the board (pages/schedules.js, pages/board.js); merged into
// i18n.js's catalogs. Every key in both languages; Dutch speaks to "je".
export default {
  en: {
    'nav.schedules': 'Schedule',
    'nav.schedulesShort': 'Schedule',
  },
  nl: {
    'nav.schedules': 'Rooster',
    'nav.schedulesShort': 'Rooster',
  },
};
