import { jestConfig } from '@salesforce/sfdx-lwc-jest/config.js';

export default {
    ...jestConfig,
    modulePathIgnorePatterns: ['<rootDir>/.localdevserver', '<rootDir>/node_modules'],
    testPathIgnorePatterns: [
        '<rootDir>/node_modules/',
        '<rootDir>/companion/',
        '<rootDir>/scripts/'
    ]
};
