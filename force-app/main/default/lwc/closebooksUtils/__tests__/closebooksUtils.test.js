import { reduceErrors } from 'c/closebooksUtils';

describe('c-closebooks-utils reduceErrors', () => {
    it.each([
        { name: 'a plain string', input: 'boom', want: ['boom'] },
        { name: 'a JavaScript error', input: new Error('network down'), want: ['network down'] },
        {
            name: 'an Apex error body',
            input: { body: { message: 'Opportunity has no account' }, status: 500 },
            want: ['Opportunity has no account']
        },
        {
            name: 'a UI API array body',
            input: { body: [{ message: 'first' }, { message: 'second' }] },
            want: ['first', 'second']
        },
        {
            name: 'DML page errors',
            input: { body: { pageErrors: [{ message: 'Insufficient access' }], fieldErrors: {} } },
            want: ['Insufficient access']
        },
        {
            name: 'DML field errors',
            input: {
                body: {
                    pageErrors: [],
                    fieldErrors: {
                        Name: [{ message: 'Required' }],
                        Amount: [{ message: 'Too big' }]
                    }
                }
            },
            want: ['Required', 'Too big']
        },
        { name: 'a status text only', input: { statusText: 'Not Found' }, want: ['Not Found'] },
        {
            name: 'a list mixing kinds, with blanks dropped',
            input: [null, 'one', { body: { message: ' ' } }, new Error('two')],
            want: ['one', 'two']
        },
        { name: 'nothing', input: undefined, want: [] }
    ])('reduces $name', ({ input, want }) => {
        expect(reduceErrors(input)).toEqual(want);
    });
});
