//! Server-side messages in English and Dutch, chosen by `Accept-Language` (DESIGN §4).

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Nl,
}

impl Lang {
    /// Picks the best supported language from an `Accept-Language` value, honouring q-values;
    /// English when nothing matches.
    pub fn from_accept_language(value: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in value.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q =
                pieces.filter_map(|p| p.trim().strip_prefix("q=")).find_map(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let lang = match primary {
                "nl" => Lang::Nl,
                "en" => Lang::En,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    pub fn from_headers(headers: &HeaderMap) -> Lang {
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or_default()
    }

    /// A stored locale (`nl`, `nl-NL`, `en`): Dutch when it says so, else English.
    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("nl") { Lang::Nl } else { Lang::En }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    pub fn text(self, msg: Msg) -> &'static str {
        let (en, nl) = msg.texts();
        match self {
            Lang::En => en,
            Lang::Nl => nl,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_headers(&parts.headers))
    }
}

/// Every message the server can say. Adding a variant forces both translations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    ValidationFailed,
    MalformedJson,
    SetupDone,
    TenantRequired,
    Unauthorized,
    WrongCredentials,
    Forbidden,
    CsrfFailed,
    SetupCodeInvalid,
    NotFound,
    MethodNotAllowed,
    ConflictTaken,
    ConflictBackupRunning,
    MailNotWaiting,
    SetupTasksOpen,
    Gone,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    Unavailable,
    Internal,
    // field problems
    FieldRequired,
    FieldUnknown,
    FieldWrongType,
    FieldInvalid,
    FieldTooLong,
    FieldTooShort,
    FieldEmail,
    FieldPrivateHost,
    FieldUnresolvable,
    FieldPassword,
    FieldTimezone,
    FieldTime,
    FieldDate,
    FieldCloseBeforeOpen,
    FieldDuplicate,
    FieldBlank,
    FieldAlwaysSent,
    TemplateUnknownVariable,
    TemplateUnclosed,
    TemplateEmptyVariable,
    TemplateOneLine,
    LastOwner,
    EmailTaken,
    NotYourself,
    InvitationPending,
    NotInvited,
    AlreadyVerified,
    SlugTaken,
    PasswordsDiffer,
    TrackingUnsupported,
    SmsNotConfigured,
    ProfileNameTaken,
    RegistrationClosed,
    RoleOwner,
    RoleTenantAdmin,
    RoleManager,
    RoleUser,
    StatusActive,
    StatusInvited,
    StatusInactive,
    // scheduling
    JobNameTaken,
    JobInUse,
    SegmentNameTaken,
    SegmentInUse,
    GroupNameTaken,
    LastLocation,
    LocationInUse,
    StaleVersion,
    ShiftConflicts,
    RangeTooLong,
    RangeTooManyShifts,
    RangeBackwards,
    WeekHasCopies,
    NotClaimable,
    SlotTaken,
    ClaimPending,
    ClaimDecided,
    ConflictOverlap,
    ConflictUnavailable,
    ConflictTimeOff,
    ConflictClosed,
    ConflictOutsideHours,
    ConflictMinRest,
    ConflictMaxHours,
    ConflictNotQualified,
    ConflictNotAssignee,
    ConflictInactive,
    ConflictMore,
    ChatNotGroup,
    ChatDirectSelf,
    ChatMessageDeleted,
    ChatNotAnnouncement,
    ChatTooManyReactions,
    ChatNotMember,
    FileStored,
    FileQuotaFull,
    FileTypeRefused,
    FileTypeHeader,
    FileBytesNotType,
    ClockOutOfSequence,
    ClockTooEarly,
    ClockOutsideGeofence,
    TimeOffDecided,
    TimesheetLocked,
    TimesheetApproved,
    TimesheetNotApproved,
    TimesheetOpenEntries,
    TimesheetOverlap,
    InboxScheduled,
    SwapPending,
    SwapDecided,
    SwapStarted,
    SwapNotEligible,
    SwapShiftChanged,
    KioskRevoked,
    KioskNoPin,
}

impl Msg {
    fn texts(self) -> (&'static str, &'static str) {
        use Msg::*;
        match self {
            ValidationFailed => ("Some fields are missing or invalid.", "Sommige velden ontbreken of zijn ongeldig."),
            MalformedJson => ("The request body is not valid JSON.", "De inhoud van het verzoek is geen geldige JSON."),
            SetupDone => ("Setup has already been completed.", "De installatie is al voltooid."),
            TenantRequired => (
                "This e-mail address is used in several workplaces; choose one.",
                "Dit e-mailadres wordt in meerdere werkplekken gebruikt; kies er een.",
            ),
            Unauthorized => (
                "You are not signed in, or your sign-in has expired.",
                "Je bent niet aangemeld of je sessie is verlopen.",
            ),
            WrongCredentials => {
                ("The e-mail address or password is wrong.", "Het e-mailadres of wachtwoord klopt niet.")
            }
            Forbidden => ("You are not allowed to do this.", "Je hebt geen toestemming om dit te doen."),
            CsrfFailed => {
                ("The security check of this request failed.", "De beveiligingscontrole van dit verzoek is mislukt.")
            }
            SetupCodeInvalid => ("The setup code is missing or wrong.", "De installatiecode ontbreekt of is onjuist."),
            NotFound => ("Not found.", "Niet gevonden."),
            MethodNotAllowed => ("This method is not allowed here.", "Deze methode is hier niet toegestaan."),
            ConflictTaken => ("This value is already taken.", "Deze waarde is al in gebruik."),
            ConflictBackupRunning => {
                ("A backup is being written right now.", "Er wordt op dit moment al een back-up gemaakt.")
            }
            SetupTasksOpen => (
                "Some setup tasks are still open: complete or skip them first.",
                "Er staan nog taken open: rond ze af of sla ze over.",
            ),
            MailNotWaiting => {
                ("This mail is no longer waiting to be sent.", "Deze e-mail wacht niet meer op verzending.")
            }
            Gone => ("This link has already been used or has expired.", "Deze link is al gebruikt of verlopen."),
            PayloadTooLarge => ("The request body is too large.", "De inhoud van het verzoek is te groot."),
            UnsupportedMediaType => ("Send the body as application/json.", "Stuur de inhoud als application/json."),
            RateLimited => ("Too many attempts; try again later.", "Te veel pogingen; probeer het later opnieuw."),
            Unavailable => ("The server is busy; try again shortly.", "De server is bezet; probeer het zo opnieuw."),
            Internal => ("Something went wrong on the server.", "Er ging iets mis op de server."),
            FieldRequired => ("is required", "is verplicht"),
            FieldUnknown => ("is not a known field", "is geen bekend veld"),
            FieldWrongType => ("has the wrong type", "heeft het verkeerde type"),
            FieldInvalid => ("is not valid", "is ongeldig"),
            FieldTooLong => ("is too long", "is te lang"),
            FieldTooShort => ("is too short", "is te kort"),
            FieldEmail => (
                "is not valid: it should look like name@example.com",
                "is ongeldig: het moet eruitzien als naam@voorbeeld.nl",
            ),
            FieldPrivateHost => (
                "is a private address; the server's operator can allow it with `mail.allow_private_hosts`",
                "is een privéadres; de beheerder van de server kan het toestaan met `mail.allow_private_hosts`",
            ),
            FieldUnresolvable => {
                ("cannot be found (no such host name)", "is niet te vinden (deze hostnaam bestaat niet)")
            }
            FieldPassword => (
                "must be at least 8 characters (and at most 1,024 bytes)",
                "moet minstens 8 tekens lang zijn (en hoogstens 1.024 bytes)",
            ),
            FieldTimezone => ("is not a known time zone", "is geen bekende tijdzone"),
            FieldTime => ("is not a time like 09:00", "is geen tijd zoals 09:00"),
            TemplateUnknownVariable => (
                "uses a variable this notification does not have",
                "gebruikt een variabele die deze melding niet heeft",
            ),
            TemplateUnclosed => ("has a { that is not closed with }", "heeft een { die niet met } gesloten wordt"),
            TemplateEmptyVariable => ("has {} without a variable's name", "heeft {} zonder naam van een variabele"),
            TemplateOneLine => ("must be one line", "moet op één regel"),
            FieldAlwaysSent => (
                "cannot be turned off: this notification is always sent",
                "kan niet uit: deze melding wordt altijd verstuurd",
            ),
            FieldDate => ("is not a date like 2026-03-01", "is geen datum zoals 2026-03-01"),
            FieldCloseBeforeOpen => ("must be after the opening time", "moet na de openingstijd liggen"),
            FieldDuplicate => ("appears more than once", "komt meer dan eens voor"),
            FieldBlank => ("must not be empty", "mag niet leeg zijn"),
            EmailTaken => (
                "Someone in this workplace already uses this e-mail address.",
                "Iemand in deze werkplek gebruikt dit e-mailadres al.",
            ),
            NotYourself => ("You cannot do this to your own account.", "Dit kun je niet met je eigen account doen."),
            InvitationPending => (
                "This person has not accepted the invitation yet; resend it instead.",
                "Deze persoon heeft de uitnodiging nog niet geaccepteerd; stuur hem opnieuw.",
            ),
            ProfileNameTaken => {
                ("A profile with this name exists already.", "Er bestaat al een profiel met deze naam.")
            }
            SmsNotConfigured => (
                "cannot be phone: this server has no SMS provider configured",
                "kan geen telefoon zijn: deze server heeft geen sms-dienst ingesteld",
            ),
            TrackingUnsupported => (
                "cannot be turned on: Staffroom does not track opens or clicks",
                "kan niet aan: Staffroom volgt geen opens of klikken",
            ),
            PasswordsDiffer => ("does not match the new password", "komt niet overeen met het nieuwe wachtwoord"),
            SlugTaken => ("This web address is already taken.", "Dit webadres is al in gebruik."),
            RegistrationClosed => (
                "Registering new workplaces is not open on this server.",
                "Het registreren van nieuwe werkplekken is op deze server niet open.",
            ),
            AlreadyVerified => ("This e-mail address is already confirmed.", "Dit e-mailadres is al bevestigd."),
            NotInvited => {
                ("This account is not waiting for an invitation.", "Dit account wacht niet op een uitnodiging.")
            }
            RoleOwner => ("Owner", "Eigenaar"),
            RoleTenantAdmin => ("Administrator", "Beheerder"),
            RoleManager => ("Manager", "Manager"),
            RoleUser => ("Staff", "Medewerker"),
            StatusActive => ("Active", "Actief"),
            StatusInvited => ("Invited", "Uitgenodigd"),
            StatusInactive => ("Deactivated", "Gedeactiveerd"),
            JobNameTaken => ("A job with this name exists already.", "Er bestaat al een functie met deze naam."),
            JobInUse => (
                "Shifts use this job, so it cannot be deleted; deactivate it instead.",
                "Diensten gebruiken deze functie, dus hij kan niet worden verwijderd; zet hem op inactief.",
            ),
            SegmentNameTaken => {
                ("A segment with this name exists already.", "Er bestaat al een segment met deze naam.")
            }
            SegmentInUse => (
                "This segment still holds smart groups; move or delete them first.",
                "Dit segment bevat nog slimme groepen; verplaats of verwijder die eerst.",
            ),
            GroupNameTaken => {
                ("A smart group with this name exists already.", "Er bestaat al een slimme groep met deze naam.")
            }
            LastLocation => ("The last location cannot be deleted.", "De laatste locatie kan niet worden verwijderd."),
            LocationInUse => (
                "Schedules use this location; move them to another location first.",
                "Roosters gebruiken deze locatie; zet ze eerst op een andere locatie.",
            ),
            StaleVersion => (
                "Someone else changed this in the meantime; reload and try again.",
                "Iemand anders heeft dit intussen gewijzigd; laad opnieuw en probeer het nog eens.",
            ),
            ShiftConflicts => (
                "This shift has conflicts, and strict mode refuses them.",
                "Deze dienst heeft conflicten, en de strikte modus weigert ze.",
            ),
            RangeTooLong => ("may span at most 62 days", "mag hoogstens 62 dagen beslaan"),
            RangeTooManyShifts => (
                "holds more than 2,000 shifts; ask for a shorter one",
                "bevat meer dan 2.000 diensten; vraag een korter bereik op",
            ),
            RangeBackwards => ("ends before it starts", "eindigt voordat het begint"),
            WeekHasCopies => (
                "That week already holds copied shifts; send replace: true to replace them.",
                "Die week bevat al gekopieerde diensten; stuur replace: true om ze te vervangen.",
            ),
            NotClaimable => ("You cannot claim this shift.", "Je kunt deze dienst niet opeisen."),
            SlotTaken => {
                ("Someone else took the last place on this shift.", "Iemand anders was je voor: de dienst is vol.")
            }
            ClaimPending => ("You have already asked for this shift.", "Je hebt al om deze dienst gevraagd."),
            ClaimDecided => ("This request has already been decided.", "Over dit verzoek is al beslist."),
            ConflictOverlap => {
                ("Overlaps another shift of this person.", "Overlapt met een andere dienst van deze persoon.")
            }
            ConflictUnavailable => ("This person is unavailable then.", "Deze persoon is dan niet beschikbaar."),
            ConflictTimeOff => ("This person has time off then.", "Deze persoon heeft dan vrij."),
            ConflictClosed => ("The location is closed that day.", "De locatie is die dag gesloten."),
            ConflictOutsideHours => {
                ("Outside the location's opening hours.", "Buiten de openingstijden van de locatie.")
            }
            ConflictMinRest => (
                "Leaves less rest than the minimum between shifts.",
                "Laat minder rust dan het minimum tussen diensten.",
            ),
            ConflictMaxHours => {
                ("Takes this person over their weekly hours.", "Hiermee komt deze persoon boven de uren per week.")
            }
            ConflictNotQualified => ("This person does not work this job.", "Deze persoon werkt niet in deze functie."),
            ConflictNotAssignee => ("This person is not on this schedule.", "Deze persoon staat niet op dit rooster."),
            ConflictInactive => (
                "This person is not active or not on the rota.",
                "Deze persoon is niet actief of staat niet op het rooster.",
            ),
            ConflictMore => ("More conflicts.", "Meer conflicten."),
            ChatNotGroup => (
                "Only a group conversation can be renamed or have its members changed.",
                "Alleen van een groepsgesprek kun je de naam of de leden wijzigen.",
            ),
            ChatDirectSelf => {
                ("A direct conversation is with someone else.", "Een privégesprek voer je met iemand anders.")
            }
            ChatMessageDeleted => ("This message was deleted.", "Dit bericht is verwijderd."),
            ChatNotAnnouncement => {
                ("This message does not ask for an acknowledgement.", "Dit bericht vraagt niet om een bevestiging.")
            }
            ChatTooManyReactions => (
                "This message has as many different reactions as it can hold.",
                "Dit bericht heeft al het maximale aantal verschillende reacties.",
            ),
            ChatNotMember => ("That person is not in this conversation.", "Die persoon zit niet in dit gesprek."),
            FileStored => ("This file has been uploaded already.", "Dit bestand is al geüpload."),
            FileTypeRefused => (
                "Files of this type are not accepted: images (PNG, JPEG, WebP, GIF), PDF and plain text are.",
                "Bestanden van dit type worden niet aangenomen: wel afbeeldingen (PNG, JPEG, WebP, GIF), PDF en platte tekst.",
            ),
            FileTypeHeader => (
                "Send the bytes with the Content-Type the upload was announced with.",
                "Stuur de bytes met het Content-Type waarmee de upload is aangekondigd.",
            ),
            FileBytesNotType => {
                ("The file's contents do not match its type.", "De inhoud van het bestand past niet bij het type.")
            }
            ClockOutOfSequence => (
                "That does not follow your last punch: check whether you are clocked in or on a break.",
                "Dat volgt niet op je vorige klokactie: kijk of je ingeklokt bent of pauze hebt.",
            ),
            ClockTooEarly => (
                "Too early to clock in for this shift: the location allows it from a set time before the start.",
                "Te vroeg om in te klokken voor deze dienst: dat kan vanaf een vaste tijd voor het begin.",
            ),
            TimesheetLocked => (
                "That time is in an approved timesheet: an admin must unlock the period first.",
                "Die tijd valt in een goedgekeurde urenstaat: een beheerder moet de periode eerst ontgrendelen.",
            ),
            TimesheetApproved => ("This timesheet is approved already.", "Deze urenstaat is al goedgekeurd."),
            TimesheetNotApproved => ("This timesheet is not approved.", "Deze urenstaat is niet goedgekeurd."),
            TimesheetOpenEntries => (
                "Someone is still clocked in in this period: clock them out or correct the entry first.",
                "Iemand is in deze periode nog ingeklokt: klok eerst uit of corrigeer de registratie.",
            ),
            TimesheetOverlap => (
                "The corrected entry would overlap another entry of this person.",
                "De gecorrigeerde registratie zou overlappen met een andere van deze persoon.",
            ),
            SwapPending => ("This shift is on offer already.", "Deze dienst wordt al aangeboden."),
            SwapDecided => (
                "This offer was taken, decided or withdrawn already.",
                "Dit aanbod is al aangenomen, beslist of ingetrokken.",
            ),
            SwapStarted => (
                "This shift has begun: it can no longer be handed over.",
                "Deze dienst is begonnen: overdragen kan niet meer.",
            ),
            SwapNotEligible => (
                "This person cannot take the shift: it clashes with their schedule.",
                "Deze persoon kan de dienst niet overnemen: die botst met het rooster.",
            ),
            SwapShiftChanged => (
                "The shift changed meanwhile: look at it again.",
                "De dienst is intussen gewijzigd: bekijk hem opnieuw.",
            ),
            KioskRevoked => ("This kiosk was revoked already.", "Deze kiosk is al ingetrokken."),
            KioskNoPin => (
                "No PIN is set for you yet: set one under your account, or ask a manager.",
                "Je hebt nog geen pincode: stel er een in bij je account, of vraag een manager.",
            ),
            InboxScheduled => ("Scheduled to work then.", "Staat dan ingeroosterd."),
            TimeOffDecided => (
                "This request was decided or cancelled already.",
                "Over deze aanvraag is al besloten, of hij is ingetrokken.",
            ),
            ClockOutsideGeofence => (
                "You are not at the location: clocking in and out works only there.",
                "Je bent niet op de locatie: in- en uitklokken kan alleen daar.",
            ),
            FileQuotaFull => (
                "The workplace's storage is full: delete files or ask the operator for more room.",
                "De opslag van de werkplek is vol: verwijder bestanden of vraag de beheerder om meer ruimte.",
            ),
            LastOwner => (
                "The last owner cannot be deactivated, demoted or deleted.",
                "De laatste eigenaar kan niet worden gedeactiveerd, gedegradeerd of verwijderd.",
            ),
        }
    }
}

/// A date and time for people: "10 Feb 2026, 10:00" / "10 feb 2026, 10:00" in `tz`.
pub fn format_datetime(ts: jiff::Timestamp, tz: &jiff::tz::TimeZone, lang: Lang) -> String {
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    const NL: [&str; 12] = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];
    let local = ts.to_zoned(tz.clone());
    let months = if lang == Lang::Nl { NL } else { EN };
    let month = months[(local.month() as usize).saturating_sub(1) % 12];
    format!("{} {month} {}, {:02}:{:02}", local.day(), local.year(), local.hour(), local.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_language_by_quality() {
        assert_eq!(Lang::from_accept_language("nl-NL,nl;q=0.9,en;q=0.8"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("en;q=0.5, nl;q=0.7"), Lang::Nl);
        assert_eq!(Lang::from_accept_language("fr-FR, en;q=0.1"), Lang::En);
        assert_eq!(Lang::from_accept_language("de"), Lang::En);
        assert_eq!(Lang::from_accept_language("nl;q=0"), Lang::En);
    }

    #[test]
    fn formats_in_the_time_zone() {
        let ts: jiff::Timestamp = "2026-03-10T09:05:00Z".parse().unwrap();
        let tz = jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap();
        assert_eq!(format_datetime(ts, &tz, Lang::En), "10 Mar 2026, 10:05");
        assert_eq!(format_datetime(ts, &tz, Lang::Nl), "10 mrt 2026, 10:05");
    }
}
