// The fictional people the browser tests use, one definition for every test file.
// Each file starts its own server, so the same people can be created in each.

export const ADMIN = {
  name: 'Anna Beheer',
  email: 'anna.beheer@ess.example',
  orgType: 'ess',
  orgName: 'Expertise-unit Sociale Stabiliteit',
  password: 'een-lang-beheerwachtwoord',
};

export const STAFF = {
  name: 'Sara Staf',
  email: 'sara.staf@nctv.example',
  orgType: 'nctv',
  orgName: 'NCTV',
  globalRole: 'staff',
  password: 'wachtwoord-van-sara-1',
};

export const MEMBER = {
  name: 'Mo Deelnemer',
  email: 'mo.deelnemer@gemeente.example',
  orgType: 'gemeente',
  orgName: 'Gemeente Zandvoort',
  globalRole: 'member',
  password: 'mijn-eigen-wachtwoord-1',
};

export const EXPERT = {
  name: 'Eva Expert',
  email: 'eva.expert@kennis.example',
  orgType: 'expert',
  orgName: 'Kenniscentrum Polarisatie',
  globalRole: 'member',
  password: 'wachtwoord-van-eva-12',
};
