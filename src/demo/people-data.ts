/**
 * Invented people and real places. Names are common given and family names; e-mail addresses use the
 * reserved example domains and phone numbers the fictional 555 exchange, so nothing reaches a real person.
 */
export const givenNames = [
  'Olivia', 'Emma', 'Ava', 'Sophia', 'Isabella', 'Mia', 'Amelia', 'Harper', 'Evelyn', 'Abigail',
  'Charlotte', 'Madison', 'Chloe', 'Camila', 'Aaliyah', 'Jasmine', 'Nia', 'Gabriela', 'Valentina', 'Lucia',
  'Mei', 'Priya', 'Ananya', 'Yasmin', 'Leila', 'Noor', 'Sakura', 'Hana', 'Zoe', 'Naomi',
  'Brianna', 'Destiny', 'Kayla', 'Tiana', 'Imani', 'Ariana', 'Daniela', 'Sofia', 'Elena', 'Natalia',
  'James', 'Michael', 'David', 'Daniel', 'Marcus', 'Andre', 'Kevin', 'Jason', 'Carlos', 'Luis',
  'Omar', 'Ethan', 'Ryan', 'Jordan', 'Tyler', 'Brandon', 'Malik', 'Wei', 'Arjun', 'Samuel',
] as const

export const familyNames = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Chen', 'Kim', 'Patel', 'Shah', 'Khan', 'Cohen', 'Rossi', 'Dubois', 'Okafor', 'Haddad',
] as const

export interface Place {
  city: string
  region: string
  country: string
  /** Telephone area code for US and Canadian numbers. */
  areaCode?: string
  weight: number
}

export const places: readonly Place[] = [
  { city: 'New York', region: 'NY', country: 'US', areaCode: '212', weight: 16 },
  { city: 'Brooklyn', region: 'NY', country: 'US', areaCode: '718', weight: 6 },
  { city: 'Los Angeles', region: 'CA', country: 'US', areaCode: '310', weight: 10 },
  { city: 'San Francisco', region: 'CA', country: 'US', areaCode: '415', weight: 4 },
  { city: 'Miami', region: 'FL', country: 'US', areaCode: '305', weight: 8 },
  { city: 'Houston', region: 'TX', country: 'US', areaCode: '713', weight: 5 },
  { city: 'Dallas', region: 'TX', country: 'US', areaCode: '214', weight: 5 },
  { city: 'Atlanta', region: 'GA', country: 'US', areaCode: '404', weight: 5 },
  { city: 'Chicago', region: 'IL', country: 'US', areaCode: '312', weight: 5 },
  { city: 'Boston', region: 'MA', country: 'US', areaCode: '617', weight: 3 },
  { city: 'Washington', region: 'DC', country: 'US', areaCode: '202', weight: 3 },
  { city: 'Philadelphia', region: 'PA', country: 'US', areaCode: '215', weight: 3 },
  { city: 'Las Vegas', region: 'NV', country: 'US', areaCode: '702', weight: 3 },
  { city: 'Scottsdale', region: 'AZ', country: 'US', areaCode: '480', weight: 2 },
  { city: 'Seattle', region: 'WA', country: 'US', areaCode: '206', weight: 2 },
  { city: 'Nashville', region: 'TN', country: 'US', areaCode: '615', weight: 2 },
  { city: 'Charlotte', region: 'NC', country: 'US', areaCode: '704', weight: 2 },
  { city: 'Newark', region: 'NJ', country: 'US', areaCode: '973', weight: 2 },
  { city: 'Toronto', region: 'ON', country: 'CA', areaCode: '416', weight: 3 },
  { city: 'Vancouver', region: 'BC', country: 'CA', areaCode: '604', weight: 1 },
  { city: 'London', region: 'England', country: 'GB', weight: 2 },
  { city: 'Dubai', region: 'Dubai', country: 'AE', weight: 1 },
]

export const contactPreferences = [
  { preference: 'instagram', weight: 40 },
  { preference: 'snapchat', weight: 15 },
  { preference: 'email', weight: 30 },
  { preference: 'phone', weight: 15 },
] as const

export type ContactPreference = (typeof contactPreferences)[number]['preference']
